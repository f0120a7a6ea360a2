package dev.meridian.pop.io;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread that owns isolates and runs everything they do: incoming requests, timers, host I/O
 * completions. Netty's threads hand work over with {@link #execute}; they never run JavaScript.
 *
 * <p>A task may carry the {@link CpuBudget} of the request it works for. The loop charges each such
 * task the CPU time of this thread (not the wall clock, so time spent waiting for I/O or a timer
 * never counts) and publishes the task that is running so that a {@link CpuWatchdog} can stop a task
 * that never returns.
 *
 * <p>Timers live in a heap touched only by this thread; {@link #schedule} from elsewhere goes through
 * the queue first.
 */
public final class EventLoop implements Executor, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EventLoop.class);
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** The task being run and the thread CPU time when it started: read by the watchdog. */
  record Running(CpuBudget budget, long startCpuNanos) {}

  private final Thread thread;
  private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
  private final PriorityQueue<Timer> timers = new PriorityQueue<>();
  private final AtomicLong timerSequence = new AtomicLong();
  private volatile @Nullable Running running;
  private volatile boolean stopping;
  private volatile int pending;

  public EventLoop(String name) {
    this.thread = new Thread(this::loop, name);
    thread.setDaemon(true);
    thread.start();
  }

  public boolean inLoop() {
    return Thread.currentThread() == thread;
  }

  long threadId() {
    return thread.threadId();
  }

  @Nullable Running running() {
    return running;
  }

  /** Work queued and not yet started: a rough measure of how busy this loop is. */
  public int backlog() {
    return pending;
  }

  @Override
  public void execute(Runnable task) {
    execute(null, task);
  }

  /** Runs {@code task} on this loop, charging its CPU time to {@code budget} when there is one. */
  public void execute(@Nullable CpuBudget budget, Runnable task) {
    if (stopping) {
      throw new IllegalStateException(thread.getName() + " is stopped");
    }
    queue.add(budget == null ? task : new Charged(budget, task));
    pending++;
    if (!inLoop()) {
      LockSupport.unpark(thread);
    }
  }

  /**
   * Runs {@code task} on this loop after {@code delayMillis}; must be called on the loop. The returned
   * timer can be cancelled until it fires.
   */
  public Timer schedule(long delayMillis, @Nullable CpuBudget budget, Runnable task) {
    if (!inLoop()) {
      throw new IllegalStateException("timers are scheduled from their own loop");
    }
    long due = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, delayMillis));
    Timer timer = new Timer(due, timerSequence.incrementAndGet(), budget, task);
    timers.add(timer);
    return timer;
  }

  private void loop() {
    while (!stopping) {
      runDueTimers();
      Runnable task = queue.poll();
      if (task != null) {
        pending--;
        run(task);
        continue;
      }
      Timer next = timers.peek();
      if (next == null) {
        LockSupport.park(this);
      } else {
        long wait = next.due - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(this, wait);
        }
      }
    }
  }

  private void runDueTimers() {
    long now = System.nanoTime();
    Timer timer;
    while ((timer = timers.peek()) != null && timer.due <= now) {
      timers.poll();
      if (!timer.cancelled) {
        timer.cancelled = true;
        run(timer.budget == null ? timer.task : new Charged(timer.budget, timer.task));
      }
    }
  }

  private void run(Runnable task) {
    if (task instanceof Charged charged) {
      // A task of a request past its budget still runs: it is how the isolate learns of a termination
      // that landed while it was idle, and answers the request.
      long start = THREADS.getCurrentThreadCpuTime();
      running = new Running(charged.budget, start);
      try {
        charged.task.run();
      } catch (Throwable t) {
        log.error("event=task_failed loop={} error=\"{}\"", thread.getName(), t.toString(), t);
      } finally {
        running = null;
        charged.budget.charge(THREADS.getCurrentThreadCpuTime() - start);
      }
    } else {
      try {
        task.run();
      } catch (Throwable t) {
        log.error("event=task_failed loop={} error=\"{}\"", thread.getName(), t.toString(), t);
      }
    }
  }

  /** Stops after the task in progress; queued work is dropped. */
  @Override
  public void close() {
    stopping = true;
    LockSupport.unpark(thread);
  }

  /** A timer set with {@link #schedule}. */
  public static final class Timer implements Comparable<Timer> {
    private final long due;
    private final long sequence;
    private final @Nullable CpuBudget budget;
    private final Runnable task;
    private boolean cancelled;

    private Timer(long due, long sequence, @Nullable CpuBudget budget, Runnable task) {
      this.due = due;
      this.sequence = sequence;
      this.budget = budget;
      this.task = task;
    }

    /** Cancels the timer if it has not fired; call on its loop. */
    public void cancel() {
      cancelled = true;
    }

    @Override
    public int compareTo(Timer other) {
      int byDue = Long.compare(due, other.due);
      return byDue != 0 ? byDue : Long.compare(sequence, other.sequence);
    }
  }

  private record Charged(CpuBudget budget, Runnable task) implements Runnable {
    @Override
    public void run() {
      task.run();
    }
  }
}
