package dev.meridian.kv.replication;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Carries replication messages of one namespace to every replica of it: a topic per namespace,
 * one durable subscription per replica. Delivery may lose, duplicate, reorder or delay messages;
 * the replication protocol tolerates all four.
 */
public interface DeltaTransport extends AutoCloseable {

  /** Publishes {@code message} on the namespace's topic; completes once the transport holds it. */
  CompletableFuture<Void> publish(String namespace, byte[] message);

  /**
   * Subscribes {@code subscriber} (one name per replica, stable across restarts) to the
   * namespace's topic. {@code handler} runs once per message, one message at a time; if it throws,
   * the message is delivered again later.
   */
  Subscription subscribe(String namespace, String subscriber, Consumer<byte[]> handler);

  /** An open subscription. */
  interface Subscription extends AutoCloseable {
    @Override
    void close();
  }

  @Override
  void close();
}
