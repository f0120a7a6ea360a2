package dev.meridian.bundles.tail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.meridian.kv.replication.PulsarBroker;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.pulsar.client.api.PulsarClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PulsarBroker.Extension.class)
class PulsarLogTailTest {

  @Test
  void topicNamesAreSanitizedAndDistinct() throws Exception {
    try (PulsarClient client = PulsarClient.builder().serviceUrl("pulsar://127.0.0.1:1").build()) {
      PulsarLogTail tail = new PulsarLogTail(client);
      assertEquals(PulsarLogTail.DEFAULT_TOPIC_PREFIX + "acme_2fshop-1", tail.topicOf("acme/shop-1"));
      assertEquals(PulsarLogTail.DEFAULT_TOPIC_PREFIX + "a_5fb", tail.topicOf("a_b"));
      assertNotEquals(tail.topicOf("a_b"), tail.topicOf("a/b"));
      assertEquals(PulsarLogTail.DEFAULT_TOPIC_PREFIX + "_c3_a9_3a_2f_2f", tail.topicOf("é://"));
    }
  }

  @Test
  void deliversLiveEventsToTheDeploymentsSubscriber(PulsarBroker broker) throws Exception {
    String deployment = "acme/shop-" + UUID.randomUUID().toString().substring(0, 8);
    try (PulsarClient client = PulsarClient.builder().serviceUrl(broker.serviceUrl()).build();
        PulsarLogTail tail = new PulsarLogTail(client)) {
      BlockingQueue<String> got = new LinkedBlockingQueue<>();
      BlockingQueue<String> other = new LinkedBlockingQueue<>();
      LogTail.Subscription s = tail.subscribe(deployment, e -> got.add(new String(e, StandardCharsets.UTF_8)));
      LogTail.Subscription o = tail.subscribe(deployment + "x", e -> other.add(new String(e, StandardCharsets.UTF_8)));
      try {
        for (int i = 0; i < 3; i++) {
          tail.publish(deployment, ("{\"line\":" + i + "}").getBytes(StandardCharsets.UTF_8));
        }
        for (int i = 0; i < 3; i++) {
          assertEquals("{\"line\":" + i + "}", got.poll(60, TimeUnit.SECONDS));
        }
        tail.publish(deployment + "x", "{\"other\":true}".getBytes(StandardCharsets.UTF_8));
        assertEquals("{\"other\":true}", other.poll(60, TimeUnit.SECONDS));
        assertNull(got.poll(0, TimeUnit.SECONDS));
      } finally {
        s.close();
        o.close();
      }
    }
  }
}
