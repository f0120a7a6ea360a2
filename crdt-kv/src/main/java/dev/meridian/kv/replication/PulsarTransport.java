package dev.meridian.kv.replication;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.api.SubscriptionInitialPosition;
import org.apache.pulsar.client.api.SubscriptionType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replication over Apache Pulsar: namespace {@code tenant/name} is the persistent topic {@code
 * <topicPrefix>tenant.name}; each replica holds one exclusive durable subscription named after its
 * node. A new subscription starts at the latest message (a new replica catches up by repair, see
 * {@link NamespaceReplica}); an existing one resumes where its replica acknowledged, so a PoP that
 * restarts within the topic's retention replays what it missed.
 *
 * <p>Producers send without Pulsar batching (replication batches already) and with chunking on
 * ({@link #CHUNK_BYTES}), so a single write larger than the broker's message limit (a 25 MiB
 * value) still goes through.
 * Uses the shaded client, whose Netty is relocated away from the PoP's.
 */
public final class PulsarTransport implements DeltaTransport {

  private static final Logger LOG = LoggerFactory.getLogger(PulsarTransport.class);

  /** Under Pulsar's default namespace; production uses a geo-replicated one (see the README). */
  public static final String DEFAULT_TOPIC_PREFIX = "persistent://public/default/kv.";

  /**
   * Chunks of 1 MiB: a chunk as large as the broker's 5 MB message limit plus the entry's headers
   * exceeds the bookie's 5 MB frame limit, and the bookie drops the connection.
   */
  static final int CHUNK_BYTES = 1 << 20;

  private final PulsarClient client;
  private final boolean ownsClient;
  private final String topicPrefix;
  private final Map<String, CompletableFuture<Producer<byte[]>>> producers = new ConcurrentHashMap<>();

  private PulsarTransport(PulsarClient client, boolean ownsClient, String topicPrefix) {
    this.client = client;
    this.ownsClient = ownsClient;
    this.topicPrefix = topicPrefix;
  }

  /** Connects a client of its own to {@code serviceUrl} ({@code pulsar://host:port}). */
  public static PulsarTransport connect(String serviceUrl, String topicPrefix) throws PulsarClientException {
    PulsarClient client = PulsarClient.builder().serviceUrl(serviceUrl).build();
    return new PulsarTransport(client, true, topicPrefix);
  }

  /** Uses a client the caller owns and closes. */
  public static PulsarTransport using(PulsarClient client, String topicPrefix) {
    return new PulsarTransport(client, false, topicPrefix);
  }

  /** The topic of a namespace. */
  public String topicOf(String namespace) {
    return topicPrefix + namespace.replace('/', '.');
  }

  @Override
  public CompletableFuture<Void> publish(String namespace, byte[] message) {
    return producers.computeIfAbsent(namespace, ns -> client.newProducer(Schema.BYTES)
            .topic(topicOf(ns))
            .enableBatching(false)
            .enableChunking(true)
            .chunkMaxMessageSize(CHUNK_BYTES)
            .blockIfQueueFull(true)
            .createAsync())
        .thenCompose(p -> p.sendAsync(message))
        .thenApply(id -> (Void) null)
        .whenComplete((v, e) -> {
          if (e != null) {
            producers.computeIfPresent(namespace, (k, f) -> f.isCompletedExceptionally() ? null : f);
          }
        });
  }

  @Override
  public Subscription subscribe(String namespace, String subscriber, Consumer<byte[]> handler) {
    try {
      org.apache.pulsar.client.api.Consumer<byte[]> consumer = client.newConsumer(Schema.BYTES)
          .topic(topicOf(namespace))
          .subscriptionName(subscriber)
          .subscriptionType(SubscriptionType.Exclusive)
          .subscriptionInitialPosition(SubscriptionInitialPosition.Latest)
          .messageListener((c, msg) -> {
            try {
              handler.accept(msg.getData());
              c.acknowledgeAsync(msg);
            } catch (RuntimeException e) {
              LOG.warn("event=replication_handler_failed topic={} error={} action=redeliver", c.getTopic(), e.toString());
              c.negativeAcknowledge(msg);
            }
          })
          .subscribe();
      return () -> {
        try {
          consumer.close();
        } catch (PulsarClientException e) {
          LOG.warn("event=replication_unsubscribe_failed topic={} error={}", consumer.getTopic(), e.toString());
        }
      };
    } catch (PulsarClientException e) {
      throw new IllegalStateException("cannot subscribe " + subscriber + " to " + topicOf(namespace)
          + ": is the Pulsar broker reachable and the namespace created?", e);
    }
  }

  @Override
  public void close() {
    producers.values().forEach(f -> f.thenAccept(Producer::closeAsync));
    producers.clear();
    if (ownsClient) {
      try {
        client.close();
      } catch (PulsarClientException e) {
        LOG.warn("event=pulsar_client_close_failed error={}", e.toString());
      }
    }
  }
}
