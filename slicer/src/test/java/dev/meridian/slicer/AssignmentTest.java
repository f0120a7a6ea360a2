package dev.meridian.slicer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AssignmentTest {

  private static final long HALF = 1L << 62;

  @Test
  void looksUpTheSliceHoldingAKey() {
    Assignment a = Assignment.of(3, AssignmentMode.AFFINITY, List.of(
        SliceAssignment.of(new Slice(0, HALF), List.of("a")),
        SliceAssignment.of(new Slice(HALF, SliceKeys.END), List.of("b", "c"))));
    assertEquals(List.of("a"), a.tasksFor(0));
    assertEquals(List.of("a"), a.tasksFor(HALF - 1));
    assertEquals(List.of("b", "c"), a.tasksFor(HALF));
    assertEquals(List.of("b", "c"), a.tasksFor(Long.MAX_VALUE));
    assertEquals(java.util.Set.of("a", "b", "c"), a.tasks());
  }

  @Test
  void rejectsAGapNamingWhere() {
    var e = assertThrows(InvalidAssignmentException.class, () -> Assignment.of(1,
        AssignmentMode.AFFINITY, List.of(
            SliceAssignment.of(new Slice(0, 100), List.of("a")),
            SliceAssignment.of(new Slice(200, SliceKeys.END), List.of("b")))));
    assertTrue(e.getMessage().startsWith("gap in the keyspace at 100"), e.getMessage());
  }

  @Test
  void rejectsAnOverlapNamingWhere() {
    var e = assertThrows(InvalidAssignmentException.class, () -> Assignment.of(1,
        AssignmentMode.AFFINITY, List.of(
            SliceAssignment.of(new Slice(0, 300), List.of("a")),
            SliceAssignment.of(new Slice(200, SliceKeys.END), List.of("b")))));
    assertTrue(e.getMessage().startsWith("overlap in the keyspace at 300"), e.getMessage());
  }

  @Test
  void rejectsAShortKeyspace() {
    var e = assertThrows(InvalidAssignmentException.class, () -> Assignment.of(1,
        AssignmentMode.AFFINITY, List.of(SliceAssignment.of(new Slice(0, 300), List.of("a")))));
    assertTrue(e.getMessage().contains("last slice must end at 2^63"), e.getMessage());
  }

  @Test
  void rejectsSlicesWithoutTasksOrWithDuplicates() {
    assertThrows(InvalidAssignmentException.class,
        () -> Assignment.of(1, AssignmentMode.AFFINITY,
            List.of(SliceAssignment.of(Slice.ALL, List.of()))));
    var e = assertThrows(InvalidAssignmentException.class,
        () -> Assignment.of(1, AssignmentMode.AFFINITY,
            List.of(SliceAssignment.of(Slice.ALL, List.of("a", "a")))));
    assertTrue(e.getMessage().contains("lists a task twice"), e.getMessage());
  }

  @Test
  void strongModeNeedsOneOwnerAndATokenWithinTheGeneration() {
    assertThrows(InvalidAssignmentException.class, () -> Assignment.of(4, AssignmentMode.STRONG,
        List.of(new SliceAssignment(Slice.ALL, List.of("a", "b"), 2, false))));
    var e = assertThrows(InvalidAssignmentException.class, () -> Assignment.of(4,
        AssignmentMode.STRONG, List.of(new SliceAssignment(Slice.ALL, List.of("a"), 5, false))));
    assertTrue(e.getMessage().contains("fencing token 5"), e.getMessage());
    assertThrows(InvalidAssignmentException.class, () -> Assignment.of(4,
        AssignmentMode.AFFINITY, List.of(new SliceAssignment(Slice.ALL, List.of("a"), 2, false))));
    assertEquals(2, Assignment.of(4, AssignmentMode.STRONG,
        List.of(new SliceAssignment(Slice.ALL, List.of("a"), 2, true))).entryFor(9).token());
  }

  @Test
  void evenSlicesCoverTheKeyspace() {
    Assignment a = Assignment.uniform(1, 7, List.of("a"));
    assertEquals(7, a.entries().size());
    AssignmentChecks.assertCoversExactlyOnce(a);
  }
}
