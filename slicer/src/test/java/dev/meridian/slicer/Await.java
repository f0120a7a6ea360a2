package dev.meridian.slicer;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for a condition that a real ZooKeeper makes true asynchronously: polls every 10 ms up to
 * a bound, then fails with a description of the state. The bound is a ceiling against hangs, not
 * a timing assertion.
 */
public final class Await {

  public static final Duration DEFAULT_BOUND = Duration.ofSeconds(30);

  private Await() {}

  public static void until(String what, BooleanSupplier condition, Supplier<String> state) {
    until(DEFAULT_BOUND, what, condition, state);
  }

  public static void until(Duration bound, String what, BooleanSupplier condition,
      Supplier<String> state) {
    long deadline = System.nanoTime() + bound.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("gave up after " + bound + " waiting until " + what
            + "; state: " + state.get());
      }
      LockSupport.parkNanos(10_000_000);
    }
  }
}
