package dev.meridian.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.shredzone.acme4j.PollableResource;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.exception.AcmeException;

class StatusPollerTest {

  /** A resource whose status moves through a fixed list, one step per fetch. */
  private static final class Scripted implements PollableResource {
    private final Deque<Status> next;
    private Status status;
    int fetches;

    Scripted(Status initial, List<Status> next) {
      this.status = initial;
      this.next = new ArrayDeque<>(next);
    }

    @Override
    public Status getStatus() {
      return status;
    }

    @Override
    public Optional<Instant> fetch() {
      fetches++;
      if (!next.isEmpty()) {
        status = next.pop();
      }
      return Optional.empty();
    }
  }

  @Test
  void aResourceAlreadyThereIsNotFetched() throws Exception {
    var resource = new Scripted(Status.VALID, List.of());

    assertEquals(Status.VALID, StatusPoller.await(resource, EnumSet.of(Status.VALID),
        Duration.ofSeconds(5)));
    assertEquals(0, resource.fetches);
  }

  @Test
  void itPollsUntilAWantedStatus() throws Exception {
    var resource = new Scripted(Status.PENDING,
        List.of(Status.PENDING, Status.PROCESSING, Status.INVALID));

    assertEquals(Status.INVALID, StatusPoller.await(resource,
        EnumSet.of(Status.VALID, Status.INVALID), Duration.ofMinutes(1)));
    assertEquals(3, resource.fetches);
  }

  @Test
  void aResourceThatNeverGetsThereFailsNamingItsStatus() {
    var resource = new Scripted(Status.PENDING, List.of());

    AcmeException failure = assertThrows(AcmeException.class, () -> StatusPoller.await(resource,
        EnumSet.of(Status.VALID), Duration.ofMillis(100)));
    assertTrue(failure.getMessage().startsWith("still PENDING after PT0.1S"),
        failure.getMessage());
  }
}
