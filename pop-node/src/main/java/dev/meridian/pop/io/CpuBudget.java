package dev.meridian.pop.io;

import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * The CPU time one request may still spend on its isolate's thread.
 *
 * <p>Every task an {@link EventLoop} runs on behalf of a request (its dispatch, a timer it set, a
 * body chunk or subrequest answer it awaited) adds the thread CPU time it took, less the time the
 * host spent inside its own operations during the task ({@link #creditHost}): as on Workers, the
 * limit is on the worker's JavaScript, not on the node's work for it (a KV store opening, a class
 * loading on first use). The {@link
 * CpuWatchdog} also looks at the task still running, so a loop that never yields is caught while it
 * runs. Past the limit the budget fires its {@code onExceeded} action once, which for an isolate
 * terminates its execution.
 */
public final class CpuBudget {

  private final long limitNanos;
  private volatile long usedNanos;
  /** Host time credited during the task in progress; only the loop thread writes it. */
  private volatile long creditedNanos;
  private final AtomicBoolean exceeded = new AtomicBoolean();
  private volatile @Nullable Runnable onExceeded;

  public CpuBudget(long limitNanos) {
    if (limitNanos <= 0) {
      throw new IllegalArgumentException("CPU limit must be positive, was " + limitNanos + " ns");
    }
    this.limitNanos = limitNanos;
  }

  /** What to do, once, when the budget runs out (set by whoever can stop the work). */
  public void onExceeded(Runnable action) {
    this.onExceeded = action;
  }

  public long limitNanos() {
    return limitNanos;
  }

  public long usedNanos() {
    return usedNanos;
  }

  public boolean isExceeded() {
    return exceeded.get();
  }

  /**
   * Takes {@code nanos} of host work off the task in progress; called on the loop thread by the
   * host operation that did the work.
   */
  public void creditHost(long nanos) {
    if (nanos > 0) {
      creditedNanos += nanos;
    }
  }

  /** Adds the CPU time of a finished task; called only by the thread that ran it. */
  void charge(long nanos) {
    long credited = creditedNanos;
    creditedNanos = 0;
    long used = usedNanos + Math.max(0, nanos - credited);
    usedNanos = used;
    if (used > limitNanos) {
      exceed();
    }
  }

  /**
   * True if the spent time plus {@code runningNanos} of a task still running is past the limit; then
   * the budget is marked exceeded and its action runs.
   */
  boolean checkRunning(long runningNanos) {
    if (usedNanos + runningNanos - creditedNanos > limitNanos) {
      exceed();
      return true;
    }
    return false;
  }

  private void exceed() {
    if (exceeded.compareAndSet(false, true)) {
      Runnable action = onExceeded;
      if (action != null) {
        action.run();
      }
    }
  }
}
