package dev.meridian.slicer.assigner;

import java.time.Duration;

/**
 * The Assigner role's config: the algorithm's parameters and the service's timing.
 *
 * @param participantId this Assigner's name in the leader election (for logs)
 * @param algorithm the weighted-move parameters
 * @param roundInterval time between rounds (default 500 ms): how fast health and load changes
 *     are acted on, against store traffic
 * @param taskTimeout how long a task may go without renewing before it is revoked and its slices
 *     move (default 1.5 s: several renewals, so one slow write is not a death)
 * @param leaseDuration the Slicelets' lease (default 1 s); must equal theirs
 * @param driftMargin added to {@code leaseDuration} before a revoked task's slices are granted,
 *     covering clock-rate differences and scheduling delay (default 200 ms)
 */
public record AssignerServiceConfig(
    String participantId,
    AssignerConfig algorithm,
    Duration roundInterval,
    Duration taskTimeout,
    Duration leaseDuration,
    Duration driftMargin) {

  public static final Duration DEFAULT_ROUND_INTERVAL = Duration.ofMillis(500);
  public static final Duration DEFAULT_TASK_TIMEOUT = Duration.ofMillis(1500);
  public static final Duration DEFAULT_LEASE_DURATION = Duration.ofSeconds(1);
  public static final Duration DEFAULT_DRIFT_MARGIN = Duration.ofMillis(200);

  public AssignerServiceConfig {
    if (participantId.isBlank()) {
      throw new IllegalArgumentException("assigner service config: participantId is empty");
    }
    positive("roundInterval", roundInterval);
    positive("taskTimeout", taskTimeout);
    positive("leaseDuration", leaseDuration);
    if (driftMargin.isNegative()) {
      throw new IllegalArgumentException("assigner service config: driftMargin must be >= 0");
    }
  }

  private static void positive(String field, Duration d) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("assigner service config: " + field + " = " + d
          + " must be > 0");
    }
  }

  public static AssignerServiceConfig of(String participantId, AssignerConfig algorithm) {
    return new AssignerServiceConfig(participantId, algorithm, DEFAULT_ROUND_INTERVAL,
        DEFAULT_TASK_TIMEOUT, DEFAULT_LEASE_DURATION, DEFAULT_DRIFT_MARGIN);
  }

  public AssignerServiceConfig withTiming(Duration round, Duration timeout, Duration lease,
      Duration margin) {
    return new AssignerServiceConfig(participantId, algorithm, round, timeout, lease, margin);
  }
}
