package dev.meridian.slicer.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The strong-mode fault test with its independent checker: a bounded run in the default suite, a
 * longer one under {@code -Pslicer-fault}.
 */
class StrongModeFaultTest {

  private static void runAndCheck(Duration duration, long seed) {
    StrongModeScenario.Result result = StrongModeScenario.run(duration, seed);
    System.out.println("strong-mode fault test (" + duration.toSeconds() + " s, seed " + seed
        + "): " + result.summary());
    assertEquals(List.of(), result.violations());
    assertTrue(result.accepted() > 0, result.summary());
    assertTrue(result.ownerChanges() > 0, "no key changed owner: " + result.summary());
  }

  @Test
  void noTwoOwnersAndNoStaleTokenUnderFaults() {
    runAndCheck(Duration.ofSeconds(20), 1);
  }

  @Test
  @Tag("slicer-fault")
  void noTwoOwnersAndNoStaleTokenUnderFaultsForLonger() {
    runAndCheck(Duration.ofSeconds(120), 2);
  }
}
