package dev.meridian.bundles.tail;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.api.SubscriptionType;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link LogTail} on Pulsar non-persistent topics, one per deployment ({@link #topicOf}): the
 * broker forwards each event to the consumers attached at that moment and keeps nothing, so
 * logging costs nothing on disk and almost nothing on the wire when nobody tails.
 *
 * <p>Publishing is asynchronous and lossy by design: the producer is created on first use
 * (cached, closed after {@link #IDLE_PRODUCER} without events), a full send queue drops the event,
 * and failures are logged at debug level only, since the request that logged must not suffer.
 * The {@link PulsarClient} is the caller's; {@link #close()} closes only this tail's producers.
 */
public final class PulsarLogTail implements LogTail, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PulsarLogTail.class);
  public static final String DEFAULT_TOPIC_PREFIX = "non-persistent://public/default/meridian-tail.";
  static final Duration IDLE_PRODUCER = Duration.ofMinutes(5);

  private final PulsarClient client;
  private final String topicPrefix;
  private final Cache<String, TopicProducer> producers;

  public PulsarLogTail(PulsarClient client) {
    this(client, DEFAULT_TOPIC_PREFIX);
  }

  public PulsarLogTail(PulsarClient client, String topicPrefix) {
    this.client = client;
    this.topicPrefix = topicPrefix;
    this.producers = Caffeine.newBuilder()
        .expireAfterAccess(IDLE_PRODUCER)
        .removalListener((String topic, @Nullable TopicProducer p, RemovalCause cause) -> {
          if (p != null) {
            p.close();
          }
        })
        .build();
  }

  /**
   * The topic of a deployment: the prefix, then the id with every character outside
   * {@code [A-Za-z0-9-]} written as {@code _} and its two hex digits per UTF-8 byte ({@code /} is
   * {@code _2f}), so distinct ids never share a topic and any id makes a valid topic name.
   */
  public String topicOf(String deploymentId) {
    StringBuilder sb = new StringBuilder(topicPrefix);
    for (byte b : deploymentId.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if (c < 0x80 && (Character.isLetterOrDigit(c) || c == '-')) {
        sb.append(c);
      } else {
        sb.append('_').append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
      }
    }
    return sb.toString();
  }

  @Override
  public void publish(String deploymentId, byte[] event) {
    String topic = topicOf(deploymentId);
    TopicProducer p = producers.get(topic, t -> new TopicProducer(t, client.newProducer(Schema.BYTES)
        .topic(t)
        .blockIfQueueFull(false)
        .createAsync()));
    if (!p.send(event)) {
      producers.asMap().remove(topic, p); // the producer never came up: try again next time
    }
  }

  /**
   * A producer still being created, and the events waiting for it: each send is chained onto the
   * previous one, so events leave in the order they were published (dependents of one future
   * would run in reverse order).
   */
  private static final class TopicProducer {
    private final String topic;
    private CompletableFuture<Producer<byte[]>> chain;

    TopicProducer(String topic, CompletableFuture<Producer<byte[]>> created) {
      this.topic = topic;
      this.chain = created;
    }

    /** Returns false if the producer could not be created. */
    synchronized boolean send(byte[] event) {
      if (chain.isCompletedExceptionally()) {
        return false;
      }
      chain = chain.thenApply(p -> {
        p.sendAsync(event).exceptionally(e -> {
          LOG.debug("event=tail_publish_dropped topic={} error={}", topic, e.toString());
          return null;
        });
        return p;
      });
      return true;
    }

    synchronized void close() {
      chain.thenAccept(Producer::closeAsync);
    }
  }

  @Override
  public Subscription subscribe(String deploymentId, Consumer<byte[]> events) {
    String topic = topicOf(deploymentId);
    try {
      org.apache.pulsar.client.api.Consumer<byte[]> consumer = client.newConsumer(Schema.BYTES)
          .topic(topic)
          .subscriptionName("tail-" + UUID.randomUUID())
          .subscriptionType(SubscriptionType.Exclusive)
          .messageListener((c, msg) -> {
            try {
              events.accept(msg.getData());
            } catch (RuntimeException e) {
              LOG.warn("event=tail_subscriber_failed topic={} error={}", topic, e.toString());
            }
            c.acknowledgeAsync(msg);
          })
          .subscribe();
      return consumer::closeAsync;
    } catch (PulsarClientException e) {
      throw new UncheckedIOException("cannot tail " + deploymentId + " on " + topic + ": is the Pulsar broker reachable?", e);
    }
  }

  @Override
  public void close() {
    producers.invalidateAll();
    producers.cleanUp();
  }
}
