package dev.meridian.pop.io;

/**
 * The resource limits of one deployment, from the {@code [limits]} table of its {@code
 * meridian.toml}.
 *
 * <table>
 *   <caption>Limits and what happens past them</caption>
 *   <tr><th>limit</th><th>default</th><th>past it</th></tr>
 *   <tr><td>heap</td><td>{@link #DEFAULT_HEAP_MB} MB</td><td>the isolate's execution is terminated,
 *       the request gets a 503 naming the limit, the isolate is discarded</td></tr>
 *   <tr><td>CPU per request</td><td>{@link #DEFAULT_CPU_MS} ms of the isolate thread's CPU clock
 *       (waiting on I/O or timers does not count)</td><td>same, with a 503 naming the CPU limit</td></tr>
 *   <tr><td>subrequests per request</td><td>{@link #DEFAULT_SUBREQUESTS}</td><td>{@code fetch()}
 *       rejects with a TypeError that says so; the request goes on</td></tr>
 * </table>
 *
 * @param heapMb the V8 heap one isolate of this deployment may use, in MiB
 * @param cpuMs the CPU time one request may use, in milliseconds
 * @param subrequests how many {@code fetch()} calls one request may make
 */
public record WorkerLimits(int heapMb, int cpuMs, int subrequests) {

  public static final int DEFAULT_HEAP_MB = 128;
  public static final int DEFAULT_CPU_MS = 50;
  public static final int DEFAULT_SUBREQUESTS = 50;

  /** The smallest heap V8 can run a worker in; also the isolates' starting heap limit. */
  public static final int MIN_HEAP_MB = 16;
  public static final int MAX_HEAP_MB = 2048;
  public static final int MAX_CPU_MS = 300_000;

  public static final WorkerLimits DEFAULTS =
      new WorkerLimits(DEFAULT_HEAP_MB, DEFAULT_CPU_MS, DEFAULT_SUBREQUESTS);

  public WorkerLimits {
    if (heapMb < MIN_HEAP_MB || heapMb > MAX_HEAP_MB) {
      throw new IllegalArgumentException(
          "limits.memory_mb must be between " + MIN_HEAP_MB + " and " + MAX_HEAP_MB + ", was " + heapMb);
    }
    if (cpuMs < 1 || cpuMs > MAX_CPU_MS) {
      throw new IllegalArgumentException(
          "limits.cpu_ms must be between 1 and " + MAX_CPU_MS + ", was " + cpuMs);
    }
    if (subrequests < 0) {
      throw new IllegalArgumentException("limits.subrequests must not be negative, was " + subrequests);
    }
  }

  public long heapBytes() {
    return heapMb * 1024L * 1024L;
  }

  public long cpuNanos() {
    return cpuMs * 1_000_000L;
  }
}
