package dev.meridian.bundles.tail;

import java.util.function.Consumer;

/**
 * Best-effort, live-only log events per deployment ({@code tenant/worker}). Publishing never blocks
 * on subscribers and never fails the request that logs; an event published while nobody
 * subscribes is dropped. Events are opaque bytes (JSON by convention).
 */
public interface LogTail {

  void publish(String deploymentId, byte[] event);

  /**
   * Whether an event for {@code deploymentId} would reach anybody now, so that a publisher can skip
   * making it; a tail that cannot tell says true.
   */
  default boolean watched(String deploymentId) {
    return true;
  }

  /**
   * Delivers every event published for {@code deploymentId} from now until the subscription is
   * closed. {@code events} is called one event at a time and must not block for long.
   */
  Subscription subscribe(String deploymentId, Consumer<byte[]> events);

  /** A live tail; closing it stops delivery. */
  interface Subscription extends AutoCloseable {
    @Override
    void close();
  }
}
