package dev.meridian.acme.renewal;

import java.time.Duration;

/**
 * The options of a {@link RenewalScheduler}; every field is checked here with a message naming it.
 *
 * @param checkInterval      how often the scheduler looks for due certificates; default {@link
 *     #DEFAULT_CHECK_INTERVAL}
 * @param initialBackoff     the wait after a first failure, doubled after each further one; default
 *     {@link #DEFAULT_INITIAL_BACKOFF}
 * @param maxBackoff         the cap of that wait; default {@link #DEFAULT_MAX_BACKOFF}
 * @param alertBeforeExpiry  the alert gauge is 1 for a certificate expiring within this, whatever
 *     the last attempt did; default {@link #DEFAULT_ALERT_BEFORE_EXPIRY}
 */
public record RenewalConfig(
    Duration checkInterval, Duration initialBackoff, Duration maxBackoff,
    Duration alertBeforeExpiry) {

  /** Renewal is due days ahead; a minute's delay in noticing costs nothing. */
  public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofMinutes(1);

  /** Short enough to ride out a blip (a PoP restarting) within the minute. */
  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMinutes(1);

  /**
   * Long enough not to hammer a CA that is down or rate-limiting us (Let's Encrypt counts failed
   * validations per hour), short enough to try dozens of times in the last third of 90 days.
   */
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofHours(6);

  /** A week: time for a person to step in when renewal keeps failing. */
  public static final Duration DEFAULT_ALERT_BEFORE_EXPIRY = Duration.ofDays(7);

  /** The defaults. */
  public static final RenewalConfig DEFAULTS = new RenewalConfig(DEFAULT_CHECK_INTERVAL,
      DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF, DEFAULT_ALERT_BEFORE_EXPIRY);

  /** Checks every field. */
  public RenewalConfig {
    requirePositive("checkInterval", checkInterval);
    requirePositive("initialBackoff", initialBackoff);
    requirePositive("maxBackoff", maxBackoff);
    if (alertBeforeExpiry == null || alertBeforeExpiry.isNegative()) {
      throw new IllegalArgumentException(
          "alertBeforeExpiry must be zero or positive, got " + alertBeforeExpiry);
    }
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("maxBackoff (" + maxBackoff
          + ") must not be shorter than initialBackoff (" + initialBackoff + ")");
    }
  }

  /** Checks for due certificates every {@code interval}. */
  public RenewalConfig withCheckInterval(Duration interval) {
    return new RenewalConfig(interval, initialBackoff, maxBackoff, alertBeforeExpiry);
  }

  /** Backs off from {@code initial}, doubling up to {@code max}. */
  public RenewalConfig withBackoff(Duration initial, Duration max) {
    return new RenewalConfig(checkInterval, initial, max, alertBeforeExpiry);
  }

  /** Raises the alert for certificates expiring within {@code window}. */
  public RenewalConfig withAlertBeforeExpiry(Duration window) {
    return new RenewalConfig(checkInterval, initialBackoff, maxBackoff, window);
  }

  private static void requirePositive(String field, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(field + " must be a positive duration, got " + value);
    }
  }
}
