package dev.meridian.slicer.assigner;

/**
 * A healthy task as the Assigner sees it.
 *
 * @param id the task's id, unique per incarnation (a restarted process is a new task)
 * @param capacity the load at which the task is full, in the units of the load reports; {@link
 *     Double#POSITIVE_INFINITY} when unknown (then the minimum-utilisation rule never skips)
 */
public record TaskInfo(String id, double capacity) {

  public static final double DEFAULT_CAPACITY = Double.POSITIVE_INFINITY;

  public TaskInfo {
    if (id.isEmpty()) {
      throw new IllegalArgumentException("task id is empty");
    }
    if (!(capacity > 0)) {
      throw new IllegalArgumentException("task " + id + ": capacity " + capacity + " must be > 0");
    }
  }

  public static TaskInfo of(String id) {
    return new TaskInfo(id, DEFAULT_CAPACITY);
  }
}
