package dev.meridian.bundles.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meridian.bundles.feed.PulsarKeyedFeed;
import dev.meridian.kv.replication.PulsarBroker;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.pulsar.client.api.PulsarClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Manifests over a real Pulsar broker: a corrupted message never stops a PoP's subscription. */
@ExtendWith(PulsarBroker.Extension.class)
class PulsarManifestFeedTest {

  @Test
  void aCorruptedManifestIsSkippedAndLaterOnesArrive(PulsarBroker broker) throws Exception {
    String topic = "persistent://public/default/manifests-" + UUID.randomUUID();
    try (PulsarClient client = PulsarClient.builder().serviceUrl(broker.serviceUrl()).build();
        PulsarKeyedFeed raw = new PulsarKeyedFeed(client, topic)) {
      ManifestFeed feed = new ManifestFeed(raw);
      feed.publish(ManifestFeedTest.manifest("shop", 1));
      raw.publish("acme/blog", "{\"tenant\":".getBytes(StandardCharsets.UTF_8));
      ManifestFeedTest.Recorder pop = new ManifestFeedTest.Recorder();
      feed.subscribe(pop); // closed with raw
      assertEquals("acme/shop@1", pop.next());
      assertEquals("replayed", pop.next());
      raw.publish("acme/shop", new byte[] {(byte) 0xff, 0, 1});
      feed.publish(ManifestFeedTest.manifest("blog", 2));
      feed.publish(ManifestFeedTest.manifest("shop", 3));
      assertEquals("acme/blog@2", pop.next());
      assertEquals("acme/shop@3", pop.next());
    }
  }
}
