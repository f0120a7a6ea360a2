package dev.meridian.slicer.assigner;

import dev.meridian.slicer.AssignmentMode;

/**
 * The parameters of one job's Assigner. Every field has a {@code DEFAULT_} constant; {@link
 * #defaults()} returns them all, and the constructor rejects a bad value with a message that names
 * the field.
 *
 * <table>
 *   <caption>Limits and what happens past them</caption>
 *   <tr><th>field</th><th>default</th><th>past it</th></tr>
 *   <tr><td>minReplicas / maxReplicas</td><td>1 / 1</td><td>replicas are added to the coldest
 *       tasks / removed from the hottest, regardless of the churn budget</td></tr>
 *   <tr><td>churnBudget</td><td>0.09 of the keyspace</td><td>no further merge or move this
 *       round</td></tr>
 *   <tr><td>mergeChurnBudget</td><td>0.01 of the keyspace</td><td>no further merge this
 *       round</td></tr>
 *   <tr><td>mergeAboveSlicesPerTask</td><td>50</td><td>below it, adjacent cold slices stay
 *       apart</td></tr>
 *   <tr><td>splitBelowSlicesPerTask</td><td>150</td><td>at it, hot slices are not split</td></tr>
 *   <tr><td>minUtilization</td><td>0.25 of capacity</td><td>below it on the hottest task, no
 *       merge or move at all</td></tr>
 * </table>
 *
 * @param mode affinity (eventual) or strong (one owner, leases); strong needs one replica
 * @param minReplicas fewest tasks per slice; more than one survives a task's loss without a gap
 * @param maxReplicas most tasks per slice; replication spreads a hot key that no split can divide
 * @param churnBudget fraction of the keyspace that merges and moves may reassign per round: churn
 *     costs the new owner cold caches, so it is rationed (paper: 9%)
 * @param mergeChurnBudget the part of {@code churnBudget} merges may spend (paper: 1%)
 * @param mergeAboveSlicesPerTask merge adjacent cold slices while there are more slices per task
 *     than this, keeping assignments small
 * @param splitBelowSlicesPerTask split hot slices while there are fewer slices per task than this,
 *     so that moves have fine-grained units
 * @param splitFactor a slice is hot when its load exceeds this multiple of the mean slice load
 * @param maxSplitWays most pieces one hot slice is cut into in one round (the paper cuts in two;
 *     more pieces find a hot key in fewer rounds)
 * @param minUtilization skip rebalancing while the hottest task is under this fraction of its
 *     capacity: balancing an idle job only churns
 * @param imbalanceTolerance stop moving once the hottest task is within this fraction over the
 *     mean, so that a balanced job is left alone
 * @param initialSlicesPerTask slices per task in a job's first assignment
 * @param maxActionsPerRound a safety bound on moves, replications and de-replications per round
 */
public record AssignerConfig(
    AssignmentMode mode,
    int minReplicas,
    int maxReplicas,
    double churnBudget,
    double mergeChurnBudget,
    int mergeAboveSlicesPerTask,
    int splitBelowSlicesPerTask,
    double splitFactor,
    int maxSplitWays,
    double minUtilization,
    double imbalanceTolerance,
    int initialSlicesPerTask,
    int maxActionsPerRound) {

  public static final AssignmentMode DEFAULT_MODE = AssignmentMode.AFFINITY;
  public static final int DEFAULT_MIN_REPLICAS = 1;
  public static final int DEFAULT_MAX_REPLICAS = 1;
  public static final double DEFAULT_CHURN_BUDGET = 0.09;
  public static final double DEFAULT_MERGE_CHURN_BUDGET = 0.01;
  public static final int DEFAULT_MERGE_ABOVE_SLICES_PER_TASK = 50;
  public static final int DEFAULT_SPLIT_BELOW_SLICES_PER_TASK = 150;
  public static final double DEFAULT_SPLIT_FACTOR = 2.0;
  public static final int DEFAULT_MAX_SPLIT_WAYS = 16;
  public static final double DEFAULT_MIN_UTILIZATION = 0.25;
  public static final double DEFAULT_IMBALANCE_TOLERANCE = 0.05;
  public static final int DEFAULT_INITIAL_SLICES_PER_TASK = 50;
  public static final int DEFAULT_MAX_ACTIONS_PER_ROUND = 1_000_000;

  public AssignerConfig {
    require(minReplicas >= 1, "minReplicas", minReplicas, "must be at least 1");
    require(maxReplicas >= minReplicas, "maxReplicas", maxReplicas,
        "must be at least minReplicas (" + minReplicas + ")");
    require(mode != AssignmentMode.STRONG || maxReplicas == 1, "maxReplicas", maxReplicas,
        "must be 1 in strong mode: a key has at most one owner");
    require(churnBudget >= 0 && churnBudget <= 1, "churnBudget", churnBudget, "must be in [0, 1]");
    require(mergeChurnBudget >= 0 && mergeChurnBudget <= churnBudget, "mergeChurnBudget",
        mergeChurnBudget, "must be in [0, churnBudget " + churnBudget + "]");
    require(mergeAboveSlicesPerTask >= 1, "mergeAboveSlicesPerTask", mergeAboveSlicesPerTask,
        "must be at least 1");
    require(splitBelowSlicesPerTask > mergeAboveSlicesPerTask, "splitBelowSlicesPerTask",
        splitBelowSlicesPerTask,
        "must exceed mergeAboveSlicesPerTask (" + mergeAboveSlicesPerTask
            + ") or merges and splits fight");
    require(splitFactor > 1, "splitFactor", splitFactor, "must exceed 1");
    require(maxSplitWays >= 2, "maxSplitWays", maxSplitWays, "must be at least 2");
    require(minUtilization >= 0 && minUtilization < 1, "minUtilization", minUtilization,
        "must be in [0, 1)");
    require(imbalanceTolerance >= 0, "imbalanceTolerance", imbalanceTolerance, "must be >= 0");
    require(initialSlicesPerTask >= 1, "initialSlicesPerTask", initialSlicesPerTask,
        "must be at least 1");
    require(maxActionsPerRound >= 0, "maxActionsPerRound", maxActionsPerRound, "must be >= 0");
  }

  /** Every field at its default. */
  public static AssignerConfig defaults() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Sets fields by name; {@link #build} validates them all at once. */
  public static final class Builder {
    private AssignmentMode mode = DEFAULT_MODE;
    private int minReplicas = DEFAULT_MIN_REPLICAS;
    private int maxReplicas = DEFAULT_MAX_REPLICAS;
    private double churnBudget = DEFAULT_CHURN_BUDGET;
    private double mergeChurnBudget = DEFAULT_MERGE_CHURN_BUDGET;
    private int mergeAboveSlicesPerTask = DEFAULT_MERGE_ABOVE_SLICES_PER_TASK;
    private int splitBelowSlicesPerTask = DEFAULT_SPLIT_BELOW_SLICES_PER_TASK;
    private double splitFactor = DEFAULT_SPLIT_FACTOR;
    private int maxSplitWays = DEFAULT_MAX_SPLIT_WAYS;
    private double minUtilization = DEFAULT_MIN_UTILIZATION;
    private double imbalanceTolerance = DEFAULT_IMBALANCE_TOLERANCE;
    private int initialSlicesPerTask = DEFAULT_INITIAL_SLICES_PER_TASK;
    private int maxActionsPerRound = DEFAULT_MAX_ACTIONS_PER_ROUND;

    private Builder() {}

    public Builder mode(AssignmentMode mode) {
      this.mode = mode;
      return this;
    }

    public Builder replicas(int min, int max) {
      this.minReplicas = min;
      this.maxReplicas = max;
      return this;
    }

    public Builder churnBudget(double total, double merges) {
      this.churnBudget = total;
      this.mergeChurnBudget = merges;
      return this;
    }

    public Builder slicesPerTask(int mergeAbove, int splitBelow) {
      this.mergeAboveSlicesPerTask = mergeAbove;
      this.splitBelowSlicesPerTask = splitBelow;
      return this;
    }

    public Builder initialSlicesPerTask(int slices) {
      this.initialSlicesPerTask = slices;
      return this;
    }

    public Builder minUtilization(double fraction) {
      this.minUtilization = fraction;
      return this;
    }

    public Builder imbalanceTolerance(double fraction) {
      this.imbalanceTolerance = fraction;
      return this;
    }

    public AssignerConfig build() {
      return new AssignerConfig(mode, minReplicas, maxReplicas, churnBudget, mergeChurnBudget,
          mergeAboveSlicesPerTask, splitBelowSlicesPerTask, splitFactor, maxSplitWays,
          minUtilization, imbalanceTolerance, initialSlicesPerTask, maxActionsPerRound);
    }
  }

  private static void require(boolean ok, String field, Object value, String rule) {
    if (!ok) {
      throw new IllegalArgumentException("assigner config: " + field + " = " + value + " " + rule);
    }
  }
}
