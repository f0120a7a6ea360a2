package dev.meridian.acme;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.shredzone.acme4j.PollableResource;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.exception.AcmeException;

/**
 * Polls a challenge or an order until it reaches a wanted status. Unlike acme4j's own wait, which
 * polls every 3 s when the CA sends no Retry-After, it starts at {@link #FIRST_POLL} and doubles
 * up to {@link #MAX_POLL}: a CA usually validates within a second, and an issue holds its
 * challenge responses (and the renewal thread) for as long as it waits. A Retry-After from the CA
 * always wins (RFC 8555 §7.5.1 asks clients to honour it).
 */
final class StatusPoller {

  /** The first pause: about one validation round trip. */
  static final Duration FIRST_POLL = Duration.ofMillis(250);

  /** The longest pause without a Retry-After: acme4j's default. */
  static final Duration MAX_POLL = Duration.ofSeconds(3);

  private StatusPoller() {}

  /**
   * Returns the first of {@code wanted} that {@code resource} reaches.
   *
   * @throws AcmeException when it has not within {@code timeout}, or polling fails
   */
  static Status await(PollableResource resource, Set<Status> wanted, Duration timeout)
      throws AcmeException, InterruptedException {
    Status status = resource.getStatus();
    if (wanted.contains(status)) {
      return status;
    }
    Instant deadline = Instant.now().plus(timeout);
    Duration pause = FIRST_POLL;
    while (true) {
      Optional<Instant> retryAfter = resource.fetch();
      status = resource.getStatus();
      if (wanted.contains(status)) {
        return status;
      }
      Instant now = Instant.now();
      Instant next = retryAfter.filter(at -> at.isAfter(now)).orElse(now.plus(pause));
      if (next.isAfter(deadline)) {
        throw new AcmeException("still " + status + " after " + timeout + " (waiting for "
            + wanted + "): the CA is slow or the response is not reachable");
      }
      Thread.sleep(Duration.between(now, next));
      pause = pause.multipliedBy(2).compareTo(MAX_POLL) > 0 ? MAX_POLL : pause.multipliedBy(2);
    }
  }
}
