package dev.meridian.slicer.assigner;

import dev.meridian.slicer.Assignment;
import dev.meridian.slicer.AssignmentMode;
import dev.meridian.slicer.Slice;
import dev.meridian.slicer.SliceAssignment;
import dev.meridian.slicer.SliceKeys;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The mutable working state of one Assigner round: slices in key order with their load and
 * holders, tasks ordered by load. Each phase of {@link Assigner} is a method here; see the design
 * comment there for what they do and why.
 */
final class Plan {

  /** Churn added to the denominator of a weight, so that a free action has a finite weight. */
  private static final double CHURN_EPSILON = 1e-9;

  static final class TaskState {
    final String id;
    final int ord;
    final double capacity;
    double load;
    final List<SliceState> slices = new ArrayList<>();

    TaskState(String id, int ord, double capacity) {
      this.id = id;
      this.ord = ord;
      this.capacity = capacity;
    }
  }

  static final class SliceState {
    final long start;
    final long end;
    final double width;
    double load;
    final List<TaskState> holders = new ArrayList<>(2);
    long token;
    boolean ownerChanged;
    /**
     * Strong mode: the owner was asked to let go and has stopped serving, so moving the slice
     * costs no warm state; such slices are moved first and free of churn budget, so that a
     * handover in flight completes instead of being undone by a tie with another slice.
     */
    boolean recalled;

    SliceState(long start, long end, double load, long token) {
      this.start = start;
      this.end = end;
      this.width = SliceKeys.fraction(start, end);
      this.load = load;
      this.token = token;
    }

    /** Holders as a set, kept only for widely replicated slices where a scan would be slow. */
    @Nullable Set<TaskState> holderSet;

    double share() {
      return holders.isEmpty() ? 0 : load / holders.size();
    }

    boolean heldBy(TaskState t) {
      Set<TaskState> set = holderSet;
      return set != null ? set.contains(t) : holders.contains(t);
    }

    void attach(TaskState t) {
      holders.add(t);
      if (holderSet != null) {
        holderSet.add(t);
      } else if (holders.size() > 8) {
        holderSet = new HashSet<>(holders);
      }
    }

    void detach(TaskState t) {
      holders.remove(t);
      if (holderSet != null) {
        holderSet.remove(t);
      }
    }
  }

  private final AssignerConfig config;
  private final long generation;
  private final LoadMap loads;
  private final Map<String, TaskState> tasksById = new HashMap<>();
  private final TreeSet<TaskState> byLoad = new TreeSet<>(
      Comparator.comparingDouble((TaskState t) -> t.load).thenComparingInt(t -> t.ord));
  private List<SliceState> slices = new ArrayList<>();
  private double total;
  private double lastMergeChurn;
  /**
   * False while the merge phase, which never asks for the coldest task nor a task's slices,
   * updates loads and holders in bulk; both indexes are rebuilt after it.
   */
  private boolean indexed = true;

  double churn;
  double mandatoryChurn;
  int moves;
  int replications;
  int dereplications;
  int merges;
  int splits;

  Plan(AssignerConfig config, long generation, Collection<TaskInfo> tasks, LoadMap loads) {
    this.config = config;
    this.generation = generation;
    this.loads = loads;
    List<TaskInfo> sorted = new ArrayList<>(tasks);
    sorted.sort(Comparator.comparing(TaskInfo::id));
    for (int i = 0; i < sorted.size(); i++) {
      TaskInfo t = sorted.get(i);
      if (tasksById.put(t.id(), new TaskState(t.id(), i, t.capacity())) != null) {
        throw new IllegalArgumentException("task '" + t.id() + "' is listed twice");
      }
    }
  }

  /** Starts from the previous assignment, dropping tasks that are no longer healthy. */
  void load(Assignment previous) {
    boolean keepTokens = config.mode() == AssignmentMode.STRONG
        && previous.mode() == AssignmentMode.STRONG;
    for (SliceAssignment e : previous.entries()) {
      Slice s = e.slice();
      SliceState state = new SliceState(s.start(), s.end(), loadIn(s.start(), s.end()),
          keepTokens ? e.token() : generation);
      state.recalled = keepTokens && e.recalled();
      for (String id : e.tasks()) {
        TaskState t = tasksById.get(id);
        if (t != null) {
          state.attach(t);
        }
      }
      slices.add(state);
    }
    indexTasks();
  }

  /** A job's first assignment: equal slices, in contiguous blocks per task. */
  void initial() {
    List<TaskState> ordered = new ArrayList<>(tasksById.values());
    ordered.sort(Comparator.comparingInt(t -> t.ord));
    int n = ordered.size();
    int replicas = Math.min(config.minReplicas(), n);
    int count = (int) Math.min(1L << 24, (long) config.initialSlicesPerTask() * n);
    for (SliceAssignment e : Assignment.evenSlices(count, i -> List.of())) {
      slices.add(new SliceState(e.slice().start(), e.slice().end(),
          loadIn(e.slice().start(), e.slice().end()), generation));
    }
    for (int i = 0; i < count; i++) {
      int first = (int) ((long) i * n / count);
      for (int r = 0; r < replicas; r++) {
        slices.get(i).attach(ordered.get((first + r) % n));
      }
    }
    mandatoryChurn = 1.0;
    churn = 1.0;
    indexTasks();
  }

  private double loadIn(long start, long end) {
    double load = loads.loadIn(start, end);
    if (!(load >= 0) || Double.isInfinite(load)) {
      throw new IllegalArgumentException("load map gives load " + load + " for ["
          + start + ", " + SliceKeys.format(end) + "); loads must be finite and >= 0");
    }
    return load;
  }

  private void indexTasks() {
    total = 0;
    for (SliceState s : slices) {
      total += s.load;
    }
    if (total <= 0) {
      // No load reported yet (a new job, or idle): balance the keyspace instead, so that a task
      // that joins an idle job still gets its share.
      for (SliceState s : slices) {
        s.load = s.width;
      }
      total = 1.0;
    }
    for (SliceState s : slices) {
      double share = s.share();
      for (TaskState t : s.holders) {
        t.load += share;
        t.slices.add(s);
      }
    }
    byLoad.addAll(tasksById.values());
  }

  private void adjust(TaskState t, double delta) {
    if (!indexed) {
      t.load += delta;
      return;
    }
    byLoad.remove(t);
    t.load += delta;
    byLoad.add(t);
  }

  private void addHolder(SliceState s, TaskState t) {
    double before = s.share();
    double after = s.load / (s.holders.size() + 1);
    for (TaskState h : s.holders) {
      adjust(h, after - before);
    }
    s.attach(t);
    if (indexed) {
      t.slices.add(s);
    }
    adjust(t, after);
    s.ownerChanged = true;
  }

  private void removeHolder(SliceState s, TaskState t) {
    double before = s.share();
    s.detach(t);
    if (indexed) {
      t.slices.remove(s);
    }
    adjust(t, -before);
    double after = s.share();
    for (TaskState h : s.holders) {
      adjust(h, after - before);
    }
  }

  private @Nullable TaskState coldestNotHolding(SliceState s) {
    for (TaskState t : byLoad) {
      if (!s.heldBy(t)) {
        return t;
      }
    }
    return null;
  }

  /** Gives slices of departed tasks a home and brings replica counts within bounds. */
  void fixHealthAndReplicas() {
    int minReplicas = Math.min(config.minReplicas(), tasksById.size());
    for (SliceState s : slices) {
      boolean added = false;
      while (s.holders.size() < minReplicas) {
        TaskState coldest = coldestNotHolding(s);
        if (coldest == null) {
          break;
        }
        addHolder(s, coldest);
        added = true;
      }
      if (added) {
        mandatoryChurn += s.width;
        churn += s.width;
      }
      while (s.holders.size() > config.maxReplicas()) {
        TaskState hottest = s.holders.get(0);
        for (TaskState h : s.holders) {
          if (h.load > hottest.load) {
            hottest = h;
          }
        }
        removeHolder(s, hottest);
      }
    }
  }

  /** True when the hottest task is below the minimum utilisation of its capacity. */
  boolean idle() {
    TaskState hottest = byLoad.last();
    return total <= 0
        || (Double.isFinite(hottest.capacity)
            && hottest.load < config.minUtilization() * hottest.capacity);
  }

  /** Merges adjacent cold slices, within the merge churn budget, while there are too many. */
  void merge() {
    int target = config.mergeAboveSlicesPerTask() * tasksById.size();
    int count = slices.size();
    if (count <= target || total <= 0) {
      return;
    }
    double meanSlice = total / count;
    double maxTask = byLoad.last().load;
    double budget = Math.min(config.mergeChurnBudget(), config.churnBudget());
    double spent = 0;
    byLoad.clear();
    indexed = false;
    List<SliceState> out = new ArrayList<>(count);
    SliceState cur = slices.get(0);
    for (int i = 1; i < slices.size(); i++) {
      SliceState next = slices.get(i);
      SliceState merged = count > target ? tryMerge(cur, next, meanSlice, maxTask, budget - spent)
          : null;
      if (merged != null) {
        spent += lastMergeChurn;
        count--;
        merges++;
        cur = merged;
      } else {
        out.add(cur);
        cur = next;
      }
    }
    out.add(cur);
    slices = out;
    churn += spent;
    indexed = true;
    for (TaskState t : tasksById.values()) {
      t.slices.clear();
    }
    for (SliceState s : slices) {
      for (TaskState h : s.holders) {
        h.slices.add(s);
      }
    }
    byLoad.addAll(tasksById.values());
  }

  private @Nullable SliceState tryMerge(
      SliceState a, SliceState b, double meanSlice, double maxTask, double budget) {
    int r = a.holders.size();
    if (r != b.holders.size() || r == 0 || !(a.load + b.load < meanSlice)) {
      return null;
    }
    boolean same = r == 1 ? a.holders.get(0) == b.holders.get(0)
        : new HashSet<>(a.holders).equals(new HashSet<>(b.holders));
    List<TaskState> keep;
    double width;
    if (same) {
      keep = a.holders;
      width = 0;
    } else if (a.width >= b.width) {
      keep = a.holders;
      width = b.width;
    } else {
      keep = b.holders;
      width = a.width;
    }
    if (width > budget) {
      return null;
    }
    double mergedShare = (a.load + b.load) / r;
    for (TaskState k : keep) {
      double own = (a.heldBy(k) ? a.share() : 0) + (b.heldBy(k) ? b.share() : 0);
      if (k.load - own + mergedShare > maxTask) {
        return null;
      }
    }
    List<TaskState> holders = List.copyOf(keep);
    for (TaskState h : List.copyOf(a.holders)) {
      removeHolder(a, h);
    }
    for (TaskState h : List.copyOf(b.holders)) {
      removeHolder(b, h);
    }
    SliceState merged = new SliceState(a.start, b.end, a.load + b.load, Math.max(a.token, b.token));
    for (TaskState h : holders) {
      merged.attach(h);
      adjust(h, mergedShare);
    }
    merged.ownerChanged = !same || a.ownerChanged || b.ownerChanged;
    lastMergeChurn = width;
    return merged;
  }

  /**
   * Adds replicas to slices too hot for any one task, within the churn budget: a slice whose share
   * per replica exceeds the tolerated maximum task load gets enough replicas to bring its share to
   * half the mean, so each holder keeps room for other slices. A greedy move cannot find this
   * step: the first extra replica alone would make its new task the hottest. The new holders are
   * the coldest tasks, and only as many as keep every one of them under the maximum task load at
   * the start of the phase, so the maximum never rises.
   */
  void replicateHot() {
    double mean = total / tasksById.size();
    double limit = mean * (1 + config.imbalanceTolerance());
    int maxReplicas = Math.min(config.maxReplicas(), tasksById.size());
    double budget = config.churnBudget() - (churn - mandatoryChurn);
    double maxTask = byLoad.last().load;
    List<SliceState> hot = new ArrayList<>();
    for (SliceState s : slices) {
      if (s.holders.size() < maxReplicas && s.share() > limit) {
        hot.add(s);
      }
    }
    hot.sort(Comparator.comparingDouble((SliceState s) -> -s.share() / (s.width + CHURN_EPSILON)));
    for (SliceState s : hot) {
      int r = s.holders.size();
      int wanted = (int) Math.min(maxReplicas, Math.ceil(s.load / (mean / 2)));
      int affordable = s.width > 0 ? (int) Math.min(wanted - r, Math.floor(budget / s.width)) : 0;
      List<TaskState> chosen = new ArrayList<>();
      int best = 0;
      for (TaskState t : byLoad) {
        if (chosen.size() >= affordable) {
          break;
        }
        if (s.heldBy(t)) {
          continue;
        }
        chosen.add(t);
        if (t.load + s.load / (r + chosen.size()) <= maxTask) {
          best = chosen.size();
        }
      }
      for (TaskState t : chosen.subList(0, best)) {
        addHolder(s, t);
        churn += s.width;
        budget -= s.width;
        replications++;
      }
    }
  }

  private enum Action { MOVE, REPLICATE, DEREPLICATE }

  /**
   * Moves, replicates or de-replicates slices off the hottest task, best imbalance reduction per
   * unit of churn first, until the budget is spent or nothing helps.
   */
  void move() {
    double mean = total / tasksById.size();
    double budget = config.churnBudget() - (churn - mandatoryChurn);
    double floor = mean * 1e-9;
    for (int actions = 0; actions < config.maxActionsPerRound(); actions++) {
      TaskState hot = byLoad.last();
      if (hot.load <= mean * (1 + config.imbalanceTolerance())) {
        return;
      }
      SliceState bestSlice = null;
      TaskState bestTarget = null;
      Action bestAction = null;
      double bestWeight = 0;
      for (SliceState s : hot.slices) {
        int r = s.holders.size();
        double p = s.share();
        if (p <= 0) {
          continue;
        }
        double cost = s.recalled ? 0 : s.width;
        TaskState cold = cost <= budget ? coldestNotHolding(s) : null;
        if (cold != null) {
          double reduction = hot.load - Math.max(hot.load - p, cold.load + p);
          double weight = reduction / (cost + CHURN_EPSILON);
          if (reduction > floor && weight > bestWeight) {
            bestWeight = weight;
            bestSlice = s;
            bestTarget = cold;
            bestAction = Action.MOVE;
          }
          if (r < config.maxReplicas()) {
            double p2 = s.load / (r + 1);
            reduction = hot.load - Math.max(hot.load - (p - p2), cold.load + p2);
            weight = reduction / (s.width + CHURN_EPSILON);
            if (reduction > floor && weight > bestWeight) {
              bestWeight = weight;
              bestSlice = s;
              bestTarget = cold;
              bestAction = Action.REPLICATE;
            }
          }
        }
        if (r > config.minReplicas()) {
          double rise = s.load / (r - 1) - p;
          double otherMax = 0;
          for (TaskState h : s.holders) {
            if (h != hot) {
              otherMax = Math.max(otherMax, h.load);
            }
          }
          double reduction = hot.load - Math.max(hot.load - p, otherMax + rise);
          double weight = reduction / CHURN_EPSILON;
          if (reduction > floor && weight > bestWeight) {
            bestWeight = weight;
            bestSlice = s;
            bestTarget = null;
            bestAction = Action.DEREPLICATE;
          }
        }
      }
      if (bestSlice == null || bestAction == null) {
        return;
      }
      switch (bestAction) {
        case MOVE -> {
          removeHolder(bestSlice, hot);
          addHolder(bestSlice, java.util.Objects.requireNonNull(bestTarget));
          if (!bestSlice.recalled) {
            churn += bestSlice.width;
            budget -= bestSlice.width;
          }
          moves++;
        }
        case REPLICATE -> {
          addHolder(bestSlice, java.util.Objects.requireNonNull(bestTarget));
          churn += bestSlice.width;
          budget -= bestSlice.width;
          replications++;
        }
        case DEREPLICATE -> {
          removeHolder(bestSlice, hot);
          dereplications++;
        }
      }
    }
  }

  double maxTaskLoad() {
    return byLoad.last().load;
  }

  double meanTaskLoad() {
    return total / tasksById.size();
  }

  int taskCount() {
    return tasksById.size();
  }

  /** Splits hot slices while there are too few, and returns the entries of the next assignment. */
  List<SliceAssignment> emit() {
    int target = config.splitBelowSlicesPerTask() * tasksById.size();
    int count = slices.size();
    double meanSlice = count > 0 ? total / count : 0;
    boolean strong = config.mode() == AssignmentMode.STRONG;
    List<SliceAssignment> out = new ArrayList<>(count);
    for (SliceState s : slices) {
      String[] holderIds = new String[s.holders.size()];
      for (int i = 0; i < holderIds.length; i++) {
        holderIds[i] = s.holders.get(i).id;
      }
      List<String> ids = List.of(holderIds);
      long token = strong ? (s.ownerChanged || s.token < 1 ? generation : s.token) : 0;
      long keys = s.end - s.start;
      int ways = 1;
      if (count < target && meanSlice > 0 && s.load > config.splitFactor() * meanSlice
          && Long.compareUnsigned(keys, 1) > 0) {
        ways = (int) Math.min(Math.min(config.maxSplitWays(), Math.ceil(s.load / meanSlice)),
            target - count + 1L);
        if (Long.compareUnsigned(keys, ways) < 0) {
          ways = (int) keys;
        }
      }
      if (ways < 2) {
        out.add(new SliceAssignment(new Slice(s.start, s.end), ids, token, false));
        continue;
      }
      long step = Long.divideUnsigned(keys, ways);
      long start = s.start;
      for (int w = 0; w < ways; w++) {
        long end = w == ways - 1 ? s.end : start + step;
        out.add(new SliceAssignment(new Slice(start, end), ids, token, false));
        start = end;
      }
      count += ways - 1;
      splits++;
    }
    return out;
  }
}
