package dev.meridian.bundles.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.kv.replication.PulsarBroker;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.pulsar.client.admin.LongRunningProcessStatus;
import org.apache.pulsar.client.admin.PulsarAdmin;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.MessageId;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.Reader;
import org.apache.pulsar.client.api.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Against a real Pulsar 4.2.4 standalone broker (crdt-kv's PulsarBroker, one per test run). */
@ExtendWith(PulsarBroker.Extension.class)
class PulsarKeyedFeedTest {

  private final String topic = "persistent://public/default/feed-test-" + UUID.randomUUID();
  private final List<AutoCloseable> closeLater = new ArrayList<>();
  private PulsarClient client;

  @BeforeEach
  void connect(PulsarBroker broker) throws Exception {
    client = PulsarClient.builder().serviceUrl(broker.serviceUrl()).build();
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closeLater.reversed()) {
      c.close();
    }
    client.close();
  }

  private PulsarKeyedFeed feed() {
    PulsarKeyedFeed f = new PulsarKeyedFeed(client, topic);
    closeLater.add(f);
    return f;
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aLateSubscriberGetsOnlyTheLatestValuePerKeyThenLiveChanges() throws Exception {
    PulsarKeyedFeed publisher = feed();
    publisher.publish("k1", b("1"));
    publisher.publish("k2", b("1"));
    publisher.publish("k3", b("1"));
    publisher.publish("k1", b("2"));
    publisher.publish("k2", b("2"));
    publisher.publish("k1", b("3"));

    RecordingListener late = new RecordingListener();
    closeLater.add(feed().subscribe(late));
    assertEquals(List.of("k3=1", "k2=2", "k1=3", "replayed"), late.untilReplayed());

    publisher.publish("k2", b("3"));
    publisher.delete("k3");
    assertEquals(List.of("k2=3", "-k3"), late.next(2));

    RecordingListener restarted = new RecordingListener(); // a PoP that restarts: a new feed, a new reader
    closeLater.add(feed().subscribe(restarted));
    assertEquals(List.of("k1=3", "k2=3", "replayed"), restarted.untilReplayed());
  }

  @Test
  void anEmptyTopicReplaysNothingButStillSaysReplayed() throws Exception {
    RecordingListener l = new RecordingListener();
    closeLater.add(feed().subscribe(l));
    assertEquals(List.of("replayed"), l.untilReplayed());
    feed().publish("first", b("x"));
    assertEquals(List.of("first=x"), l.next(1));
  }

  @Test
  void configuredTopicsAreCompactedToTheLatestValuePerKey(PulsarBroker broker) throws Exception {
    try (PulsarAdmin admin = PulsarAdmin.builder().serviceHttpUrl(broker.webUrl()).build()) {
      PulsarKeyedFeed.configure(admin, topic, PulsarKeyedFeed.DEFAULT_COMPACTION_THRESHOLD);
      PulsarKeyedFeed.configure(admin, topic, PulsarKeyedFeed.DEFAULT_COMPACTION_THRESHOLD); // idempotent
      PulsarKeyedFeed f = feed();
      for (int round = 1; round <= 3; round++) {
        for (String k : List.of("a", "b", "c", "gone")) {
          f.publish(k, b(k + round));
        }
      }
      f.delete("gone");
      awaitCompaction(admin);
      admin.topics().triggerCompaction(topic);
      awaitCompaction(admin);

      List<String> compacted = new ArrayList<>();
      try (Reader<byte[]> r = client.newReader(Schema.BYTES).topic(topic).startMessageId(MessageId.earliest).readCompacted(true).create()) {
        while (r.hasMessageAvailable()) {
          Message<byte[]> m = r.readNext(30, TimeUnit.SECONDS);
          compacted.add(m.getKey() + "=" + new String(m.getData(), StandardCharsets.UTF_8));
        }
      }
      assertEquals(List.of("a=a3", "b=b3", "c=c3"), compacted);
      // the durable cursor that keeps uncompacted messages, and keeps the topic from being deleted as inactive
      assertTrue(admin.topics().getSubscriptions(topic).contains("__compaction"), admin.topics().getSubscriptions(topic).toString());
      assertEquals(PulsarKeyedFeed.DEFAULT_COMPACTION_THRESHOLD, admin.topicPolicies().getCompactionThreshold(topic));
    }
  }

  /** Bounded polling of the broker's long-running compaction (an external process, like PulsarBroker's readiness). */
  private void awaitCompaction(PulsarAdmin admin) throws Exception {
    for (int i = 0; i < 600; i++) {
      LongRunningProcessStatus s = admin.topics().compactionStatus(topic);
      if (s.status == LongRunningProcessStatus.Status.SUCCESS) {
        return;
      }
      assertTrue(s.status != LongRunningProcessStatus.Status.ERROR, "compaction failed: " + s.lastError);
      TimeUnit.MILLISECONDS.sleep(100);
    }
    throw new AssertionError("compaction of " + topic + " did not finish in 60 s");
  }

  @Test
  void badInputIsRefusedBeforeItReachesTheBroker() {
    PulsarKeyedFeed f = feed();
    assertThrows(IllegalArgumentException.class, () -> f.publish("k", new byte[0]));
    assertThrows(IllegalArgumentException.class, () -> f.publish("", b("x")));
    f.close();
    assertThrows(IllegalStateException.class, () -> f.publish("k", b("x")));
  }
}
