package dev.meridian.pop.io;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stops tasks that overrun their request's CPU budget while they are still running: a worker in an
 * endless loop never returns to its {@link EventLoop}, so the loop cannot charge it itself.
 *
 * <p>Every {@code interval} it reads the CPU clock of each loop's thread and checks the task in
 * progress against its budget; a budget found exceeded fires its action (the isolate terminates its
 * execution). An overrun is therefore caught within about one interval of CPU time.
 */
public final class CpuWatchdog implements AutoCloseable {

  public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(5);

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final List<EventLoop> loops = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private final long intervalNanos;
  private volatile boolean closed;

  public CpuWatchdog(Duration interval) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("watchdog interval must be positive, was " + interval);
    }
    this.intervalNanos = interval.toNanos();
    this.thread = new Thread(this::watch, "meridian-cpu-watchdog");
    thread.setDaemon(true);
    thread.start();
  }

  public void watch(EventLoop loop) {
    loops.add(loop);
  }

  private void watch() {
    while (!closed) {
      java.util.concurrent.locks.LockSupport.parkNanos(intervalNanos);
      for (EventLoop loop : loops) {
        EventLoop.Running running = loop.running();
        if (running != null) {
          long now = THREADS.getThreadCpuTime(loop.threadId());
          if (now > 0) {
            running.budget().checkRunning(now - running.startCpuNanos());
          }
        }
      }
    }
  }

  @Override
  public void close() {
    closed = true;
  }
}
