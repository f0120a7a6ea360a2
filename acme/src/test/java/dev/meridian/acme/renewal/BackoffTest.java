package dev.meridian.acme.renewal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private static final Duration INITIAL = Duration.ofSeconds(60);
  private static final Duration MAX = Duration.ofMinutes(10);

  @Test
  void theWaitDoublesWithEachFailureUpToTheCapWithTheSecondHalfRandom() {
    var backoff = new Backoff(INITIAL, MAX, new SplittableRandom(7));
    Duration[] bases = {INITIAL, INITIAL.multipliedBy(2), INITIAL.multipliedBy(4),
        INITIAL.multipliedBy(8), MAX, MAX};

    for (int failures = 1; failures <= bases.length; failures++) {
      Duration base = bases[failures - 1];
      for (int sample = 0; sample < 200; sample++) {
        Duration wait = backoff.delay(failures);
        assertTrue(wait.compareTo(base.dividedBy(2)) >= 0 && wait.compareTo(base) <= 0,
            "failure " + failures + ": " + wait + " outside [" + base.dividedBy(2) + ", " + base
                + "]");
      }
    }
    assertTrue(backoff.delay(1_000_000).compareTo(MAX) <= 0, "a huge count stays capped");
  }

  @Test
  void theJitterSpreadsTheWaits() {
    var backoff = new Backoff(INITIAL, MAX, new SplittableRandom(7));
    long distinct = IntStream.range(0, 50)
        .mapToObj(i -> backoff.delay(1)).distinct().count();

    assertTrue(distinct > 40, distinct + " distinct waits out of 50");
  }

  @Test
  void zeroFailuresIsAProgrammingError() {
    var backoff = new Backoff(INITIAL, MAX, new SplittableRandom(7));
    assertThrows(IllegalArgumentException.class, () -> backoff.delay(0));
  }

  @Test
  void aConfigWhoseCapIsBelowItsStartIsRefusedNamingBoth() {
    var failure = assertThrows(IllegalArgumentException.class,
        () -> RenewalConfig.DEFAULTS.withBackoff(Duration.ofMinutes(5), Duration.ofMinutes(1)));
    assertEquals("maxBackoff (PT1M) must not be shorter than initialBackoff (PT5M)",
        failure.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> RenewalConfig.DEFAULTS.withCheckInterval(Duration.ZERO));
  }
}
