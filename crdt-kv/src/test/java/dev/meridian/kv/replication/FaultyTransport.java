package dev.meridian.kv.replication;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Sits between a replica and the real transport and misbehaves on purpose, on both the publishing
 * and the receiving side: drops, duplicates, delays (and so reorders) messages, and can cut the
 * replica off entirely (a partition) until healed.
 */
final class FaultyTransport implements DeltaTransport {

  private final DeltaTransport inner;
  private final ScheduledExecutorService delays;
  private volatile double dropRate;
  private volatile double duplicateRate;
  private volatile double delayRate;
  private volatile int maxDelayMillis;
  private volatile boolean partitioned;

  FaultyTransport(DeltaTransport inner, ScheduledExecutorService delays) {
    this.inner = inner;
    this.delays = delays;
  }

  FaultyTransport faults(double drop, double duplicate, double delay, int maxDelayMillis) {
    this.dropRate = drop;
    this.duplicateRate = duplicate;
    this.delayRate = delay;
    this.maxDelayMillis = maxDelayMillis;
    return this;
  }

  void partition() {
    partitioned = true;
  }

  void heal() {
    partitioned = false;
  }

  @Override
  public CompletableFuture<Void> publish(String namespace, byte[] message) {
    misbehave(() -> inner.publish(namespace, message), () -> true);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public Subscription subscribe(String namespace, String subscriber, Consumer<byte[]> handler) {
    boolean[] open = {true};
    Subscription s = inner.subscribe(namespace, subscriber,
        message -> misbehave(() -> handler.accept(message), () -> open[0]));
    return () -> {
      open[0] = false;
      s.close();
    };
  }

  private void misbehave(Runnable deliver, java.util.function.BooleanSupplier stillOpen) {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    if (partitioned || r.nextDouble() < dropRate) {
      return;
    }
    int copies = r.nextDouble() < duplicateRate ? 2 : 1;
    for (int i = 0; i < copies; i++) {
      if (r.nextDouble() < delayRate) {
        delays.schedule(() -> {
          if (stillOpen.getAsBoolean() && !partitioned) {
            deliver.run();
          }
        }, r.nextInt(1, maxDelayMillis + 1), TimeUnit.MILLISECONDS);
      } else {
        deliver.run();
      }
    }
  }

  @Override
  public void close() {
    inner.close();
  }
}
