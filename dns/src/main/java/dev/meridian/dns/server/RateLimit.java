package dev.meridian.dns.server;

/**
 * Response rate limiting (RRL) over UDP, as {@link DnsServer.Config#rateLimit()}: how many responses
 * of one kind a client network gets per second, and how many of those past the rate are still
 * answered, empty and truncated, so that a real client behind a spoofed flood retries over TCP.
 *
 * @param responsesPerSecond responses per second for one network and kind (see {@link
 *     ResponseRateLimiter}); 0 turns rate limiting off
 * @param slip every {@code slip}-th response past the rate is sent empty with TC set instead of being
 *     dropped; 0 drops them all, 1 truncates them all
 */
public record RateLimit(int responsesPerSecond, int slip) {

  /** BIND's and Knot's suggested start: far above what one resolver asks of one name. */
  public static final int DEFAULT_RESPONSES_PER_SECOND = 20;

  /** BIND's and Knot's default: half the limited answers reach the client as a prompt to use TCP. */
  public static final int DEFAULT_SLIP = 2;

  /** {@value #DEFAULT_RESPONSES_PER_SECOND} per second, slip {@value #DEFAULT_SLIP}: for a server that answers the Internet. */
  public static final RateLimit DEFAULT = new RateLimit(DEFAULT_RESPONSES_PER_SECOND, DEFAULT_SLIP);

  /** No rate limiting. */
  public static final RateLimit OFF = new RateLimit(0, DEFAULT_SLIP);

  public RateLimit {
    if (responsesPerSecond < 0 || responsesPerSecond > 1_000_000) {
      throw new IllegalArgumentException(
          "RateLimit.responsesPerSecond must be in [0, 1000000] (0 = off), was " + responsesPerSecond);
    }
    if (slip < 0 || slip > 10) {
      throw new IllegalArgumentException("RateLimit.slip must be in [0, 10], was " + slip);
    }
  }

  /** {@code responses} per second per network and kind, with the default slip; 0 is off. */
  public static RateLimit perSecond(int responses) {
    return new RateLimit(responses, DEFAULT_SLIP);
  }

  public boolean enabled() {
    return responsesPerSecond > 0;
  }
}
