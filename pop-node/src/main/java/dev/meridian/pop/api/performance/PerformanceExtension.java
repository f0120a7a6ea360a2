package dev.meridian.pop.api.performance;

import dev.meridian.pop.api.Extension;
import dev.meridian.pop.api.HostOp;
import dev.meridian.pop.api.OpContext;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The {@code performance} global of High Resolution Time ({@code now()}, {@code timeOrigin}) and its
 * two host ops, on a monotonic clock and a wall clock that are injected (the system's by default).
 *
 * <table>
 *   <caption>Limits</caption>
 *   <tr><th>limit</th><th>default</th><th>past it</th></tr>
 *   <tr><td>resolution</td><td>{@link #DEFAULT_RESOLUTION_MICROS} µs</td><td>times are rounded down
 *       to a multiple of it</td></tr>
 * </table>
 */
public final class PerformanceExtension implements Extension {

  /**
   * Coarsening of the times a worker sees: tenants share machines, and a fine clock is what timing
   * side channels need (browsers coarsen to 5–100 µs for code they do not trust).
   */
  public static final long DEFAULT_RESOLUTION_MICROS = 100;

  private final LongSupplier nanoTime;
  private final LongSupplier epochMillis;
  private final long resolutionNanos;

  public PerformanceExtension() {
    this(System::nanoTime, System::currentTimeMillis, DEFAULT_RESOLUTION_MICROS);
  }

  /**
   * @param nanoTime a monotonic clock in nanoseconds
   * @param epochMillis the wall clock, milliseconds since the Unix epoch
   * @param resolutionMicros the granularity of the times given out
   */
  public PerformanceExtension(LongSupplier nanoTime, LongSupplier epochMillis, long resolutionMicros) {
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    this.epochMillis = Objects.requireNonNull(epochMillis, "epochMillis");
    if (resolutionMicros < 1) {
      throw new IllegalArgumentException("the resolution must be at least 1 µs, was " + resolutionMicros);
    }
    this.resolutionNanos = resolutionMicros * 1_000;
  }

  /** An isolate's time origin: the monotonic and the wall clock read at the same moment. */
  private record Origin(long nanos, double epochMillis) {}

  @Override
  public String name() {
    return "performance";
  }

  @Override
  public List<String> dependencies() {
    return List.of("webidl", "dom");
  }

  @Override
  public List<String> scripts() {
    return List.of("01_performance.js");
  }

  @Override
  public List<HostOp> ops() {
    return List.of(
        new HostOp("op_performance_now", args -> {
          long start = origin().nanos(); // first, so that the first call of an isolate is not negative
          long elapsed = nanoTime.getAsLong() - start;
          return (double) (elapsed - elapsed % resolutionNanos) / 1_000_000;
        }),
        new HostOp("op_performance_time_origin", args -> origin().epochMillis()));
  }

  private Origin origin() {
    return OpContext.current().local(Origin.class, () -> {
      long nanos = nanoTime.getAsLong();
      double wall = epochMillis.getAsLong();
      return new Origin(nanos, wall);
    });
  }
}
