package dev.meridian.kv.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.meridian.kv.KvConfig;
import dev.meridian.kv.KvListResult;
import dev.meridian.kv.KvNamespace;
import dev.meridian.kv.KvStore;
import dev.meridian.kv.KvValue;
import dev.meridian.kv.ListOptions;
import dev.meridian.kv.NamespaceId;
import dev.meridian.kv.PutOptions;
import dev.meridian.kv.store.FsyncPolicy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two PoPs replicating through a real Pulsar broker: the binding's end-to-end path (put on A, get
 * on B, list, expiration) and bad input on the topic.
 */
@ExtendWith(PulsarBroker.Extension.class)
class PulsarReplicationTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @TempDir Path dir;
  private final NamespaceId ns = new NamespaceId("acme", "kv-" + UUID.randomUUID().toString().substring(0, 8));
  private final SimpleMeterRegistry metricsB = new SimpleMeterRegistry();
  private KvStore popA;
  private KvStore popB;
  private PulsarTransport raw;

  @BeforeEach
  void start(PulsarBroker broker) throws Exception {
    popA = pop(broker, 1, new SimpleMeterRegistry());
    popB = pop(broker, 2, metricsB);
    raw = PulsarTransport.connect(broker.serviceUrl(), PulsarTransport.DEFAULT_TOPIC_PREFIX);
  }

  private KvStore pop(PulsarBroker broker, int node, SimpleMeterRegistry metrics) throws Exception {
    ReplicationConfig rc = ReplicationConfig.of(node, Set.of(1, 2))
        .withIntervals(Duration.ofMillis(10), Duration.ofMillis(100));
    KvConfig c = KvConfig.singleNode(node, dir.resolve("pop" + node)).withFsync(FsyncPolicy.never())
        .withMeterRegistry(metrics)
        .withReplication(rc, PulsarTransport.connect(broker.serviceUrl(), PulsarTransport.DEFAULT_TOPIC_PREFIX));
    KvStore s = KvStore.open(c);
    s.namespace(ns); // subscribe before anything is written
    return s;
  }

  @AfterEach
  void stop() {
    popA.close();
    popB.close();
    raw.close();
  }

  @Test
  void aWorkerOnPopAPutsAndAWorkerOnPopBGetsItOnceReplicated() {
    KvNamespace a = popA.namespace(ns);
    KvNamespace b = popB.namespace(ns);
    a.put("config:theme", "dark", PutOptions.NONE.withMetadata("{\"by\":\"a\"}").withExpirationTtl(3600)).join();
    for (int i = 0; i < 30; i++) {
      a.put("item:" + (100 + i), "v" + i, PutOptions.NONE).join();
    }
    Await.until(TIMEOUT, () -> b.get("item:129").join() != null, () -> "item:129 not on B");
    KvValue v = b.get("config:theme").join();
    assertEquals("dark", v.text());
    assertEquals("{\"by\":\"a\"}", v.metadata());
    assertEquals(a.get("config:theme").join().expiration(), v.expiration());

    KvListResult page1 = b.list(ListOptions.prefix("item:").withLimit(20)).join();
    KvListResult page2 = b.list(ListOptions.prefix("item:").withLimit(20).withCursor(page1.cursor())).join();
    assertEquals(20, page1.keys().size());
    assertEquals(10, page2.keys().size());
    assertEquals("item:120", page2.keys().get(0).name());

    b.delete("item:100").join();
    Await.until(TIMEOUT, () -> a.get("item:100").join() == null, () -> "B's delete not on A");
  }

  @Test
  void aValueLargerThanPulsarsMessageLimitReplicatesInChunks() {
    byte[] big = new byte[6 << 20];
    new java.util.Random(42).nextBytes(big);
    popA.namespace(ns).put("big", big, PutOptions.NONE).join();
    Await.until(TIMEOUT, () -> popB.namespace(ns).get("big").join() != null, () -> "6 MiB value not on B");
    org.junit.jupiter.api.Assertions.assertArrayEquals(big, popB.namespace(ns).get("big").join().value());
  }

  @Test
  void aCorruptedMessageIsSkippedAndCountedAndTheStreamContinues() {
    byte[] good = ReplicationMessage.encode(new ReplicationMessage.Heartbeat(1, dev.meridian.kv.crdt.Hlc.ZERO,
        dev.meridian.kv.crdt.Hlc.ZERO, dev.meridian.kv.crdt.Hlc.ZERO, java.util.Map.of()));
    byte[] flipped = good.clone();
    flipped[flipped.length - 1] ^= 0x40;
    raw.publish(ns.toString(), flipped).join();
    raw.publish(ns.toString(), new byte[] {1, 2, 3}).join();
    popA.namespace(ns).put("after-garbage", "still flowing", PutOptions.NONE).join();
    Await.until(TIMEOUT, () -> popB.namespace(ns).get("after-garbage").join() != null, () -> "stream stalled");
    Await.until(TIMEOUT, () -> count("corrupt") == 2, () -> "corrupt count " + count("corrupt"));
  }

  @Test
  void aDeltaFromAnUnknownSchemaVersionIsRejectedAndTheStreamContinues() {
    byte[] future = ReplicationMessage.encode(new ReplicationMessage.Heartbeat(1, dev.meridian.kv.crdt.Hlc.ZERO,
        dev.meridian.kv.crdt.Hlc.ZERO, dev.meridian.kv.crdt.Hlc.ZERO, java.util.Map.of()));
    future[0] = 7;
    raw.publish(ns.toString(), future).join();
    popA.namespace(ns).put("after-v7", "ok", PutOptions.NONE).join();
    Await.until(TIMEOUT, () -> popB.namespace(ns).get("after-v7").join() != null, () -> "stream stalled");
    assertEquals(1.0, count("unsupported_version"));
    assertEquals(0.0, count("corrupt"));
    assertNull(popB.namespace(ns).get("never-written").join());
  }

  private double count(String outcome) {
    var c = metricsB.find("kv.replication.messages").tag("namespace", ns.toString()).tag("outcome", outcome).counter();
    return c == null ? 0 : c.count();
  }
}
