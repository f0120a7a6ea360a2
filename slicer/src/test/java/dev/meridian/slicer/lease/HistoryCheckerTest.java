package dev.meridian.slicer.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.slicer.SliceKeys;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checker must catch what it is there to catch. */
class HistoryCheckerTest {

  private static History.Check check(String task, long token, long at, long expires) {
    return new History.Check("k", task, token, at, expires);
  }

  @Test
  void aCleanHandoverPasses() {
    History h = new History();
    h.checks.add(check("t", 2, 10, 100));
    h.releases.add(new History.Release("t", 0, SliceKeys.END, 2, 50));
    h.checks.add(check("u", 7, 60, 200));
    h.accepted.add(new History.Accepted("k", "t", 2, h.nextOrder()));
    h.accepted.add(new History.Accepted("k", "u", 7, h.nextOrder()));
    assertEquals(List.of(), HistoryChecker.violations(h));
  }

  @Test
  void overlappingLeasesAreCaught() {
    History h = new History();
    h.checks.add(check("t", 2, 10, 100));
    h.checks.add(check("u", 7, 60, 200));
    List<String> v = HistoryChecker.violations(h);
    assertEquals(1, v.size(), v.toString());
    assertTrue(v.get(0).startsWith("overlapping leases on 'k'"), v.get(0));
  }

  @Test
  void aReleaseThenAReGrantUnderTheSameTokenIsTwoIntervals() {
    History h = new History();
    h.checks.add(check("t", 2, 10, 100));
    h.releases.add(new History.Release("t", 0, SliceKeys.END, 2, 20));
    h.checks.add(check("u", 7, 30, 40));
    h.checks.add(check("t", 2, 35, 100));
    assertEquals(1, HistoryChecker.violations(h).size());
  }

  @Test
  void aStaleTokenAcceptedIsCaught() {
    History h = new History();
    h.accepted.add(new History.Accepted("k", "u", 7, h.nextOrder()));
    h.accepted.add(new History.Accepted("k", "t", 2, h.nextOrder()));
    List<String> v = HistoryChecker.violations(h);
    assertEquals(1, v.size(), v.toString());
    assertTrue(v.get(0).startsWith("stale token accepted"), v.get(0));
  }

  @Test
  void oneTokenForTwoOwnersIsCaught() {
    History h = new History();
    h.accepted.add(new History.Accepted("k", "u", 7, h.nextOrder()));
    h.accepted.add(new History.Accepted("k", "t", 7, h.nextOrder()));
    assertTrue(HistoryChecker.violations(h).get(0).startsWith("token 7 of 'k' used by"));
  }
}
