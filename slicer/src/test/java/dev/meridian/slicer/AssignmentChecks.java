package dev.meridian.slicer;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks of assignments written independently of the code under test: they walk the raw entries
 * instead of trusting {@link Assignment#of}'s validation or the Assigner's own churn accounting.
 */
public final class AssignmentChecks {

  private AssignmentChecks() {}

  /** Fails unless the entries cover {@code [0, 2^63)} exactly once, in order. */
  public static void assertCoversExactlyOnce(Assignment a) {
    long next = 0;
    for (SliceAssignment e : a.entries()) {
      if (e.slice().start() != next) {
        throw new AssertionError("slice " + e.slice() + " does not start at " + next);
      }
      if (Long.compareUnsigned(e.slice().end(), e.slice().start()) <= 0) {
        throw new AssertionError("slice " + e.slice() + " is empty");
      }
      next = e.slice().end();
    }
    if (next != Long.MIN_VALUE) {
      throw new AssertionError("keyspace ends at " + next + ", not 2^63");
    }
  }

  /**
   * The fraction of the keyspace where {@code after} gives a key a task that {@code before} did
   * not: a sweep over the union of both assignments' boundaries.
   */
  public static double churn(Assignment before, Assignment after) {
    List<SliceAssignment> b = before.entries();
    List<SliceAssignment> c = after.entries();
    int i = 0;
    int j = 0;
    long at = 0;
    double churn = 0;
    while (i < b.size() && j < c.size()) {
      SliceAssignment x = b.get(i);
      SliceAssignment y = c.get(j);
      long end = Long.compareUnsigned(x.slice().end(), y.slice().end()) <= 0
          ? x.slice().end() : y.slice().end();
      Set<String> gained = new HashSet<>(y.tasks());
      gained.removeAll(x.tasks());
      if (!gained.isEmpty()) {
        churn += SliceKeys.fraction(at, end);
      }
      at = end;
      if (x.slice().end() == end) {
        i++;
      }
      if (y.slice().end() == end) {
        j++;
      }
    }
    return churn;
  }
}
