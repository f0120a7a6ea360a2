package dev.meridian.slicer.assigner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.slicer.Assignment;
import dev.meridian.slicer.AssignmentChecks;
import dev.meridian.slicer.SliceAssignment;
import dev.meridian.slicer.SliceKeys;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** Properties of the weighted-move algorithm over random jobs, loads and task churn. */
class AssignerPropertiesTest {

  private static List<TaskInfo> tasks(int n, int offset) {
    List<TaskInfo> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(TaskInfo.of("t" + (i + offset)));
    }
    return out;
  }

  /** Zipf-like load over {@code keys} random keys. */
  private static PointLoads skewed(SplittableRandom random, int keys, double exponent) {
    PointLoads loads = new PointLoads();
    for (int i = 0; i < keys; i++) {
      loads.add(random.nextLong() & Long.MAX_VALUE, 1.0 / Math.pow(i + 1, exponent));
    }
    return loads;
  }

  private static AssignerConfig.Builder config(int minReplicas, int maxReplicas, int perTask) {
    return AssignerConfig.builder()
        .replicas(minReplicas, Math.max(minReplicas, maxReplicas))
        .slicesPerTask(perTask, perTask * 3)
        .initialSlicesPerTask(perTask);
  }

  @Property(tries = 60)
  void everyRoundCoversTheKeyspaceOnceWithinReplicaBounds(
      @ForAll @LongRange(min = 0, max = 1_000_000) long seed,
      @ForAll @IntRange(min = 1, max = 3) int minReplicas,
      @ForAll @IntRange(min = 1, max = 5) int maxReplicas,
      @ForAll @IntRange(min = 1, max = 12) int slicesPerTask) {
    SplittableRandom random = new SplittableRandom(seed);
    Assigner assigner = new Assigner(config(minReplicas, maxReplicas, slicesPerTask).build());
    List<TaskInfo> live = tasks(1 + random.nextInt(8), 0);
    int nextId = live.size();
    Assignment current = null;
    for (int round = 0; round < 6; round++) {
      PointLoads loads = skewed(random, 1 + random.nextInt(200), random.nextDouble() * 1.5);
      current = assigner.next(current, live, loads).assignment();
      AssignmentChecks.assertCoversExactlyOnce(current);
      Set<String> ids = new HashSet<>();
      live.forEach(t -> ids.add(t.id()));
      int floor = Math.min(minReplicas, live.size());
      for (SliceAssignment e : current.entries()) {
        assertTrue(e.tasks().size() >= floor && e.tasks().size() <= Math.max(minReplicas,
            maxReplicas), e + " breaks replica bounds");
        assertTrue(ids.containsAll(e.tasks()), e + " names a task that is not healthy");
      }
      live = new ArrayList<>(live);
      if (live.size() > 1 && random.nextBoolean()) {
        live.remove(random.nextInt(live.size()));
      }
      if (random.nextBoolean()) {
        live.add(TaskInfo.of("t" + nextId++));
      }
    }
  }

  @Property(tries = 60)
  void discretionaryChurnStaysWithinTheBudget(
      @ForAll @LongRange(min = 0, max = 1_000_000) long seed,
      @ForAll @IntRange(min = 2, max = 16) int taskCount,
      @ForAll @IntRange(min = 1, max = 20) int budgetPercent) {
    SplittableRandom random = new SplittableRandom(seed);
    double budget = budgetPercent / 100.0;
    AssignerConfig config = config(1, 3, 4).churnBudget(budget, Math.min(0.01, budget)).build();
    Assigner assigner = new Assigner(config);
    List<TaskInfo> live = tasks(taskCount, 0);
    Assignment current = assigner.next(null, live, LoadMap.NONE).assignment();
    for (int round = 0; round < 5; round++) {
      PointLoads loads = skewed(random, 50 + random.nextInt(500), 0.5 + random.nextDouble());
      Round next = assigner.next(current, live, loads);
      double churn = AssignmentChecks.churn(current, next.assignment());
      assertTrue(churn <= budget + 1e-12, "churn " + churn + " over budget " + budget);
      assertEquals(0.0, next.stats().mandatoryChurn());
      current = next.assignment();
    }
  }

  @Property(tries = 40)
  void imbalanceNeverRisesOnAFixedLoad(
      @ForAll @LongRange(min = 0, max = 1_000_000) long seed,
      @ForAll @IntRange(min = 2, max = 20) int taskCount,
      @ForAll @IntRange(min = 1, max = 4) int maxReplicas) {
    SplittableRandom random = new SplittableRandom(seed);
    PointLoads loads = skewed(random, 100 + random.nextInt(2000), random.nextDouble() * 1.2);
    Assigner assigner = new Assigner(config(1, maxReplicas, 8).build());
    List<TaskInfo> live = tasks(taskCount, 0);
    Assignment current = assigner.next(null, live, LoadMap.NONE).assignment();
    double before = loads.imbalance(current, taskCount);
    for (int round = 0; round < 8; round++) {
      current = assigner.next(current, live, loads).assignment();
      double after = loads.imbalance(current, taskCount);
      assertTrue(after <= before * (1 + 1e-9), "imbalance rose from " + before + " to " + after);
      before = after;
    }
  }

  @Property(tries = 8)
  void imbalanceFallsToTheToleranceOnZipfLoad(
      @ForAll @LongRange(min = 0, max = 1_000_000) long seed,
      @ForAll @IntRange(min = 5, max = 40) int taskCount) {
    SplittableRandom random = new SplittableRandom(seed);
    PointLoads loads = skewed(random, 20_000, 1.0);
    Assigner assigner = new Assigner(AssignerConfig.builder().replicas(1, taskCount).build());
    List<TaskInfo> live = tasks(taskCount, 0);
    Assignment current = assigner.next(null, live, LoadMap.NONE).assignment();
    double start = loads.imbalance(current, taskCount);
    double imbalance = start;
    for (int round = 0; round < 30 && imbalance > 1 + AssignerConfig.DEFAULT_IMBALANCE_TOLERANCE;
        round++) {
      current = assigner.next(current, live, loads).assignment();
      imbalance = loads.imbalance(current, taskCount);
    }
    assertTrue(imbalance <= 1 + AssignerConfig.DEFAULT_IMBALANCE_TOLERANCE + 1e-9,
        "imbalance " + imbalance + " (from " + start + ") after 30 rounds");
  }

  @Property(tries = 30)
  void lookupsAgreeWithTheEntries(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Assignment a = new Assigner(config(1, 2, 7).build()).next(null, tasks(5, 0),
        skewed(random, 300, 1.0)).assignment();
    for (int i = 0; i < 200; i++) {
      long key = SliceKeys.of("k" + random.nextInt());
      SliceAssignment e = a.entryFor(key);
      assertTrue(e.slice().contains(key), e + " does not contain " + key);
    }
  }
}
