package dev.meridian.slicer;

import java.util.List;

/**
 * One slice and the task(s) it is assigned to.
 *
 * @param slice the key range
 * @param tasks the tasks serving it, distinct, at least one
 * @param token strong mode's fencing token: the generation at which the current owner was granted
 *     the slice, strictly increasing across owners; 0 in affinity mode
 * @param recalled strong mode only: the owner must stop serving the slice and acknowledge, so that
 *     the Assigner can hand it over; always false in affinity mode
 */
public record SliceAssignment(Slice slice, List<String> tasks, long token, boolean recalled) {

  public SliceAssignment {
    tasks = List.copyOf(tasks);
  }

  /** An affinity-mode entry. */
  public static SliceAssignment of(Slice slice, List<String> tasks) {
    return new SliceAssignment(slice, tasks, 0, false);
  }

  /** The single owner of a strong-mode entry (the first task otherwise). */
  public String owner() {
    return tasks.get(0);
  }
}
