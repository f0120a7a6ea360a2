package dev.meridian.kv.replication;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The transport of a single node ({@code meridian dev}): nothing leaves the process and nothing
 * arrives. The store, the read-your-writes path and tombstone collection work as with Pulsar.
 */
public final class LocalOnlyTransport implements DeltaTransport {

  @Override
  public CompletableFuture<Void> publish(String namespace, byte[] message) {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public Subscription subscribe(String namespace, String subscriber, Consumer<byte[]> handler) {
    return () -> { };
  }

  @Override
  public void close() {}
}
