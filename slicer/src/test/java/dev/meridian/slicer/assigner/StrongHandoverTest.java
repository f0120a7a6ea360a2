package dev.meridian.slicer.assigner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meridian.slicer.Assignment;
import dev.meridian.slicer.AssignmentMode;
import dev.meridian.slicer.Slice;
import dev.meridian.slicer.SliceAssignment;
import dev.meridian.slicer.SliceKeys;
import java.util.List;
import org.junit.jupiter.api.Test;

class StrongHandoverTest {

  private static final long HALF = 1L << 62;

  private static SliceAssignment entry(long start, long end, String owner, long token,
      boolean recalled) {
    return new SliceAssignment(new Slice(start, end), List.of(owner), token, recalled);
  }

  private final Assignment previous = Assignment.of(5, AssignmentMode.STRONG, List.of(
      entry(0, HALF, "t", 2, false), entry(HALF, SliceKeys.END, "u", 4, false)));

  private final Assignment desired = Assignment.of(6, AssignmentMode.STRONG, List.of(
      entry(0, HALF / 2, "t", 2, false), entry(HALF / 2, SliceKeys.END, "u", 6, false)));

  @Test
  void aLiveOwnerIsAskedToLetGoFirst() {
    Assignment out = StrongHandover.apply(previous, desired, id -> true, id -> false);
    assertEquals(List.of(entry(0, HALF / 2, "t", 2, false), entry(HALF / 2, HALF, "t", 2, true),
        entry(HALF, SliceKeys.END, "u", 4, false)), out.entries());
  }

  @Test
  void aRecallAcknowledgedIsGrantedWithTheNewGeneration() {
    Assignment recalled = Assignment.of(6, AssignmentMode.STRONG, List.of(
        entry(0, HALF / 2, "t", 2, false), entry(HALF / 2, HALF, "t", 2, true),
        entry(HALF, SliceKeys.END, "u", 4, false)));
    Assignment next = Assignment.of(7, AssignmentMode.STRONG, List.of(
        entry(0, HALF / 2, "t", 2, false), entry(HALF / 2, SliceKeys.END, "u", 7, false)));
    assertEquals(List.of(entry(0, HALF / 2, "t", 2, false), entry(HALF / 2, HALF, "u", 7, false),
            entry(HALF, SliceKeys.END, "u", 4, false)),
        StrongHandover.apply(recalled, next, id -> id.equals("t"), id -> false).entries());
    assertEquals(recalled.entries().subList(1, 2), StrongHandover.apply(recalled, next,
        id -> false, id -> false).entries().subList(1, 2));
  }

  @Test
  void aRevokedOwnerWhoseLeaseExpiredNeedsNoRecall() {
    Assignment out = StrongHandover.apply(previous, desired, id -> false, id -> id.equals("t"));
    assertEquals(List.of(entry(0, HALF / 2, "t", 2, false), entry(HALF / 2, HALF, "u", 6, false),
        entry(HALF, SliceKeys.END, "u", 4, false)), out.entries());
  }
}
