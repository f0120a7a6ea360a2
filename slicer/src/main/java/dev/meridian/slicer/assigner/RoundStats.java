package dev.meridian.slicer.assigner;

/**
 * What one Assigner round did, for logs, metrics and the simulator.
 *
 * @param generation the generation of the assignment the round produced
 * @param slices slices in that assignment
 * @param tasks healthy tasks
 * @param maxTaskLoad load on the hottest task after the round (replicas share a slice's load)
 * @param meanTaskLoad total load over the tasks
 * @param churn fraction of the keyspace given to a task that did not serve it before, all causes
 * @param mandatoryChurn the part of {@code churn} forced by departed tasks and replica minimums,
 *     which the churn budget does not limit
 * @param moves slices moved off the hottest task
 * @param replications replicas added to spread a hot slice
 * @param dereplications replicas removed from the hottest task
 * @param merges pairs of adjacent cold slices merged
 * @param splits hot slices split
 * @param skipped true when the hottest task was under the minimum utilisation, so nothing was
 *     rebalanced
 * @param computeNanos time to compute the assignment
 */
public record RoundStats(
    long generation,
    int slices,
    int tasks,
    double maxTaskLoad,
    double meanTaskLoad,
    double churn,
    double mandatoryChurn,
    int moves,
    int replications,
    int dereplications,
    int merges,
    int splits,
    boolean skipped,
    long computeNanos) {

  /** Hottest task over the mean: 1.0 is perfect balance; 1.0 too when there is no load. */
  public double imbalance() {
    return meanTaskLoad > 0 ? maxTaskLoad / meanTaskLoad : 1.0;
  }
}
