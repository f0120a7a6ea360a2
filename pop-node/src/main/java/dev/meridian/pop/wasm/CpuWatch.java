package dev.meridian.pop.wasm;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Stops guests that overrun their request's CPU time. Every {@code interval} it reads the CPU clock
 * of each thread running a guest (the same clock {@link dev.meridian.pop.io.CpuWatchdog} reads for
 * isolates) and interrupts a thread past its budget; Chicory's interpreter and the bytecode its
 * compiler emits test the thread's interrupt flag at calls and loop back-edges and unwind with a
 * {@code ChicoryInterruptedException}. An overrun is caught within about one interval of CPU time.
 */
final class CpuWatch implements AutoCloseable {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final Set<Run> running = ConcurrentHashMap.newKeySet();
  private final Thread thread;
  private final long intervalNanos;
  private volatile boolean closed;

  CpuWatch(Duration interval) {
    this.intervalNanos = interval.toNanos();
    this.thread = new Thread(this::watch, "meridian-wasm-cpu-watch");
    thread.setDaemon(true);
    thread.start();
  }

  /** One guest run on the calling thread, from now until {@link Run#close}. */
  Run start(long limitNanos) {
    Run run = new Run(Thread.currentThread(), THREADS.getCurrentThreadCpuTime(), limitNanos);
    running.add(run);
    return run;
  }

  private void watch() {
    while (!closed) {
      LockSupport.parkNanos(intervalNanos);
      for (Run run : running) {
        long now = THREADS.getThreadCpuTime(run.thread.threadId());
        if (now > 0 && now - run.startCpuNanos > run.limitNanos) {
          run.stop();
        }
      }
    }
  }

  @Override
  public void close() {
    closed = true;
  }

  /** A guest running on {@link #thread}; closing it clears any interrupt it left on the thread. */
  final class Run implements AutoCloseable {
    private final Thread thread;
    private final long startCpuNanos;
    private final long limitNanos;
    private boolean active = true;
    private volatile boolean exceeded;

    private Run(Thread thread, long startCpuNanos, long limitNanos) {
      this.thread = thread;
      this.startCpuNanos = startCpuNanos;
      this.limitNanos = limitNanos;
    }

    private synchronized void stop() {
      if (active) {
        exceeded = true;
        thread.interrupt();
      }
    }

    boolean exceeded() {
      return exceeded;
    }

    long usedNanos() {
      return THREADS.getCurrentThreadCpuTime() - startCpuNanos;
    }

    @Override
    public void close() {
      synchronized (this) {
        active = false;
      }
      running.remove(this);
      Thread.interrupted();
    }
  }
}
