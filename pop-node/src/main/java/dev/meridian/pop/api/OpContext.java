package dev.meridian.pop.api;

import dev.meridian.pop.io.WorkerLimits;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * What a host op can reach of the isolate that called it: its deployment, the request being served,
 * its event loop for timers, its log, and state kept per isolate. Ops are always called on the
 * isolate's own thread, and {@link #current()} answers there.
 */
public interface OpContext {

  /** The context of the op being called on this thread. */
  static OpContext current() {
    OpContext context = OpContexts.CURRENT.get();
    if (context == null) {
      throw new IllegalStateException("no isolate is running on " + Thread.currentThread().getName());
    }
    return context;
  }

  /** The deployment's name, for log lines. */
  String deployment();

  /** The id of the request the current JavaScript runs for, or null at module load. */
  @Nullable String requestId();

  /**
   * Runs {@code task} on the isolate's thread after {@code delayMillis}, charged to the current
   * request's CPU budget.
   */
  Cancellable schedule(long delayMillis, Runnable task);

  /** Writes one structured log line tagged with the deployment and request. */
  void log(String level, String message);

  /** Per-isolate state of an extension, created on first use. */
  <T> T local(Class<T> type, Supplier<T> init);

  /**
   * Per-request state of an extension (a subrequest counter, say), created on first use and gone
   * with the request; throws when no request is being served (at module load).
   */
  <T> T requestLocal(Class<T> type, Supplier<T> init);

  /** The deployment's limits. */
  WorkerLimits limits();

  /**
   * The tenant that owns the deployment: bindings scope what they reach by it (a KV namespace is
   * the tenant's own), and it is never taken from anything the worker's code can change. The
   * default is for contexts with no deployment behind them (a test's stand-in): they have none.
   */
  default String tenant() {
    throw new IllegalStateException("this op context belongs to no tenant");
  }

  /**
   * The node-level service registered as {@code type} (the node's KV store, say), for bindings;
   * throws {@link IllegalStateException} naming the type when this node offers none. The default
   * is a context with no node behind it, which offers none.
   */
  default <T> T service(Class<T> type) {
    throw new IllegalStateException("this op context offers no services; asked for " + type.getName());
  }

  /** Something that can be called off. */
  interface Cancellable {
    void cancel();
  }
}
