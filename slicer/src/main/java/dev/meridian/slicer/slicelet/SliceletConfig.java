package dev.meridian.slicer.slicelet;

import java.time.Duration;

/**
 * One Slicelet's settings. {@code leaseDuration} must equal the Assigner's (both come from the
 * job's config).
 *
 * @param taskId this task's id; unique per incarnation, so a restarted process picks a new one
 *     (for example {@code pop-fra-3#<start time>})
 * @param capacity the load at which this task is full, in load-report units (default unbounded)
 * @param renewInterval how often the task renews its record, reports load and acknowledges
 *     assignments (default 250 ms)
 * @param leaseDuration how long a successful renewal lets the task serve strong-mode slices
 *     (default 1 s); at least twice {@code renewInterval}, so that one lost renewal is survived
 * @param loadDecay weight of the previous summary in each new per-slice load summary, in [0, 1)
 *     (default 0.5): smooths bursts without hiding a shift for long
 */
public record SliceletConfig(
    String taskId, double capacity, Duration renewInterval, Duration leaseDuration,
    double loadDecay) {

  public static final double DEFAULT_CAPACITY = Double.POSITIVE_INFINITY;
  public static final Duration DEFAULT_RENEW_INTERVAL = Duration.ofMillis(250);
  public static final Duration DEFAULT_LEASE_DURATION = Duration.ofSeconds(1);
  public static final double DEFAULT_LOAD_DECAY = 0.5;

  public SliceletConfig {
    if (!taskId.matches("[A-Za-z0-9_.#:-]+")) {
      throw new IllegalArgumentException("slicelet config: taskId '" + taskId
          + "' must be letters, digits or _ . # : -");
    }
    if (!(capacity > 0)) {
      throw new IllegalArgumentException("slicelet config: capacity " + capacity + " must be > 0");
    }
    if (renewInterval.isNegative() || renewInterval.isZero()) {
      throw new IllegalArgumentException("slicelet config: renewInterval must be > 0");
    }
    if (leaseDuration.compareTo(renewInterval.multipliedBy(2)) < 0) {
      throw new IllegalArgumentException("slicelet config: leaseDuration " + leaseDuration
          + " must be at least twice renewInterval " + renewInterval);
    }
    if (!(loadDecay >= 0 && loadDecay < 1)) {
      throw new IllegalArgumentException("slicelet config: loadDecay " + loadDecay
          + " must be in [0, 1)");
    }
  }

  public static SliceletConfig of(String taskId) {
    return new SliceletConfig(taskId, DEFAULT_CAPACITY, DEFAULT_RENEW_INTERVAL,
        DEFAULT_LEASE_DURATION, DEFAULT_LOAD_DECAY);
  }

  public SliceletConfig withTiming(Duration renew, Duration lease) {
    return new SliceletConfig(taskId, capacity, renew, lease, loadDecay);
  }
}
