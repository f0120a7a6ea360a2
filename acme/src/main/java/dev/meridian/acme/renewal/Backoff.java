package dev.meridian.acme.renewal;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with "equal jitter": after the n-th consecutive failure the wait is
 * {@code min(max, initial * 2^(n-1))}, of which the second half is random. The random half keeps a
 * fleet of PoPs that failed together (CA outage) from retrying in lockstep; the fixed half keeps
 * the wait from collapsing to nothing.
 */
final class Backoff {

  private final Duration initial;
  private final Duration max;
  private final RandomGenerator random;

  Backoff(Duration initial, Duration max, RandomGenerator random) {
    this.initial = initial;
    this.max = max;
    this.random = random;
  }

  /** The wait after {@code failures} consecutive failures (at least 1). */
  Duration delay(int failures) {
    if (failures < 1) {
      throw new IllegalArgumentException("failures must be at least 1, got " + failures);
    }
    Duration base = initial;
    for (int i = 1; i < failures && base.compareTo(max) < 0; i++) {
      base = base.multipliedBy(2);
    }
    if (base.compareTo(max) > 0) {
      base = max;
    }
    long halfMillis = base.toMillis() / 2;
    return Duration.ofMillis(halfMillis + random.nextLong(halfMillis + 1));
  }
}
