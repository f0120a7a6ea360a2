package dev.meridian.slicer.assigner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.slicer.Assignment;
import dev.meridian.slicer.AssignmentChecks;
import dev.meridian.slicer.AssignmentMode;
import dev.meridian.slicer.Slice;
import dev.meridian.slicer.SliceAssignment;
import dev.meridian.slicer.SliceKeys;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AssignerTest {

  private static final List<TaskInfo> ABC = List.of(TaskInfo.of("a"), TaskInfo.of("b"),
      TaskInfo.of("c"));

  @Test
  void firstAssignmentSpreadsContiguousBlocks() {
    Round round = new Assigner(AssignerConfig.defaults()).next(null, ABC, LoadMap.NONE);
    Assignment a = round.assignment();
    assertEquals(1, a.generation());
    assertEquals(3 * AssignerConfig.DEFAULT_INITIAL_SLICES_PER_TASK, a.entries().size());
    assertEquals(Set.of("a", "b", "c"), a.tasks());
    assertEquals(1.0, round.stats().mandatoryChurn());
    AssignmentChecks.assertCoversExactlyOnce(a);
  }

  @Test
  void slicesOfADepartedTaskAreReassigned() {
    Assigner assigner = new Assigner(AssignerConfig.defaults());
    Assignment first = assigner.next(null, ABC, LoadMap.NONE).assignment();
    Round second = assigner.next(first, List.of(TaskInfo.of("a"), TaskInfo.of("c")), LoadMap.NONE);
    assertEquals(Set.of("a", "c"), second.assignment().tasks());
    assertEquals(1.0 / 3, second.stats().mandatoryChurn(), 1e-9);
    assertEquals(1.0 / 3, AssignmentChecks.churn(first, second.assignment()), 1e-9);
  }

  @Test
  void replicaCountsAreBroughtWithinBounds() {
    Assignment single = Assignment.uniform(1, 6, List.of("a"));
    Round round = new Assigner(AssignerConfig.builder().replicas(2, 2).build())
        .next(single, ABC, LoadMap.NONE);
    for (SliceAssignment e : round.assignment().entries()) {
      assertEquals(2, e.tasks().size());
    }
    Assignment triple = Assignment.uniform(1, 6, List.of("a", "b", "c"));
    for (SliceAssignment e : new Assigner(AssignerConfig.defaults())
        .next(triple, ABC, LoadMap.NONE).assignment().entries()) {
      assertEquals(1, e.tasks().size());
    }
  }

  @Test
  void aHotKeyIsReplicatedAcrossTasks() {
    long hot = SliceKeys.of("celebrity");
    LoadMap loads = (start, end) -> new Slice(start, end).contains(hot) ? 100 : 0;
    AssignerConfig config = AssignerConfig.builder().replicas(1, 3).build();
    Assignment a = new Assigner(config).next(null, ABC, LoadMap.NONE).assignment();
    Round round = new Assigner(config).next(a, ABC, loads);
    assertEquals(3, round.assignment().tasksFor(hot).size());
    assertEquals(1.0, round.stats().imbalance(), 1e-9);
  }

  @Test
  void skipsRebalancingWhileTheHottestTaskIsNearlyIdle() {
    List<TaskInfo> big = List.of(new TaskInfo("a", 1000), new TaskInfo("b", 1000));
    Assignment allOnA = Assignment.of(1, AssignmentMode.AFFINITY, Assignment.evenSlices(100,
        i -> List.of(i < 99 ? "a" : "b")));
    LoadMap uniform = (start, end) -> SliceKeys.fraction(start, end) * 100;
    Round idle = new Assigner(AssignerConfig.defaults()).next(allOnA, big, uniform);
    assertTrue(idle.stats().skipped());
    assertEquals(0, idle.stats().moves());
    Round busy = new Assigner(AssignerConfig.defaults()).next(allOnA,
        List.of(new TaskInfo("a", 200), new TaskInfo("b", 200)), uniform);
    assertFalse(busy.stats().skipped());
    assertTrue(busy.stats().moves() > 0);
  }

  @Test
  void coldNeighboursMergeAndAHotSliceSplits() {
    Assignment fine = Assignment.of(1, AssignmentMode.AFFINITY,
        Assignment.evenSlices(400, i -> List.of(i < 200 ? "a" : "b")));
    long hot = fine.entries().get(37).slice().start() + 12345;
    long half = 1L << 62;
    // Dense load on the first half of the keyspace, nearly none on the second, and one hot key.
    LoadMap loads = (start, end) -> {
      long denseEnd = SliceKeys.before(end, half) ? end : half;
      double dense = start < half ? SliceKeys.fraction(start, denseEnd) * 100 : 0;
      double spike = new Slice(start, end).contains(hot) ? 50 : 0;
      return dense + SliceKeys.fraction(start, end) + spike;
    };
    AssignerConfig config = AssignerConfig.builder().slicesPerTask(50, 300).build();
    Round round = new Assigner(config).next(fine, List.of(TaskInfo.of("a"), TaskInfo.of("b")),
        loads);
    assertTrue(round.stats().merges() > 0, round.stats().toString());
    assertTrue(round.stats().splits() > 0, round.stats().toString());
    assertTrue(round.assignment().entryFor(hot).slice().fraction()
        < fine.entryFor(hot).slice().fraction(), "the hot slice was not split");
    assertTrue(round.stats().churn() <= config.churnBudget() + 1e-12);
    AssignmentChecks.assertCoversExactlyOnce(round.assignment());
  }

  @Test
  void noHealthyTaskKeepsThePreviousAssignment() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> new Assigner(AssignerConfig.defaults()).next(null, List.of(), LoadMap.NONE));
    assertTrue(e.getMessage().contains("previous assignment stays"), e.getMessage());
  }

  @Test
  void strongModeGivesAMovedSliceTheNewGenerationAsToken() {
    AssignerConfig strong = AssignerConfig.builder().mode(AssignmentMode.STRONG).build();
    Assigner assigner = new Assigner(strong);
    Assignment first = assigner.next(null, ABC, LoadMap.NONE).assignment();
    Assignment second = assigner.next(first, List.of(TaskInfo.of("a"), TaskInfo.of("b")),
        LoadMap.NONE).assignment();
    for (SliceAssignment e : second.entries()) {
      boolean wasC = first.entryFor(e.slice().start()).owner().equals("c");
      assertEquals(wasC ? 2 : 1, e.token(), e.toString());
    }
  }

  @Test
  void configErrorsNameTheField() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> AssignerConfig.builder().replicas(2, 1).build());
    assertTrue(e.getMessage().contains("maxReplicas"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> AssignerConfig.builder().mode(AssignmentMode.STRONG).replicas(1, 2).build());
    assertTrue(e.getMessage().contains("strong mode"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> AssignerConfig.builder().churnBudget(0.05, 0.1).build());
    assertTrue(e.getMessage().contains("mergeChurnBudget"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> AssignerConfig.builder().slicesPerTask(50, 40).build());
    assertTrue(e.getMessage().contains("splitBelowSlicesPerTask"), e.getMessage());
  }
}
