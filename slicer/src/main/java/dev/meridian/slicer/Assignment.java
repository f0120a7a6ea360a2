package dev.meridian.slicer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An immutable map from every slice key to its task(s), under a generation number that grows
 * with each assignment the Assigner publishes (by one, except when a new Assigner must start
 * above generations it cannot read).
 *
 * <p>{@link #of} checks the invariants and throws {@link InvalidAssignmentException} naming the
 * first broken one: entries sorted and contiguous from 0 to {@link SliceKeys#END} (no gap, no
 * overlap), each with at least one distinct task; in {@link AssignmentMode#STRONG} exactly one
 * task and a fencing token in {@code [1, generation]}. Lookups are a binary search over slice
 * starts and allocate nothing.
 */
public final class Assignment {

  private final long generation;
  private final AssignmentMode mode;
  private final List<SliceAssignment> entries;
  private final long[] starts;

  private Assignment(long generation, AssignmentMode mode, List<SliceAssignment> entries) {
    this.generation = generation;
    this.mode = mode;
    this.entries = entries;
    this.starts = new long[entries.size()];
    for (int i = 0; i < starts.length; i++) {
      starts[i] = entries.get(i).slice().start();
    }
  }

  /**
   * Validates and builds an assignment.
   *
   * @throws InvalidAssignmentException on a gap, an overlap, a slice without tasks, a duplicate
   *     task, a bad generation, or a strong-mode entry without one owner and a valid token
   */
  public static Assignment of(long generation, AssignmentMode mode, List<SliceAssignment> entries) {
    if (generation < 1) {
      throw new InvalidAssignmentException("generation " + generation + " must be at least 1");
    }
    if (entries.isEmpty()) {
      throw new InvalidAssignmentException("an assignment needs at least one slice");
    }
    List<SliceAssignment> copy = List.copyOf(entries);
    long expected = 0;
    for (SliceAssignment entry : copy) {
      Slice slice = entry.slice();
      if (slice.start() != expected) {
        String what = SliceKeys.before(slice.start(), expected) ? "overlap" : "gap";
        throw new InvalidAssignmentException(
            what + " in the keyspace at " + SliceKeys.format(expected) + ": slice " + slice
                + " should start at " + SliceKeys.format(expected)
                + "; slices must be sorted and contiguous from 0 to 2^63");
      }
      checkTasks(generation, mode, entry);
      expected = slice.end();
    }
    if (expected != SliceKeys.END) {
      throw new InvalidAssignmentException(
          "gap in the keyspace at " + SliceKeys.format(expected)
              + ": the last slice must end at 2^63");
    }
    return new Assignment(generation, mode, copy);
  }

  private static void checkTasks(long generation, AssignmentMode mode, SliceAssignment entry) {
    List<String> tasks = entry.tasks();
    if (tasks.isEmpty()) {
      throw new InvalidAssignmentException("slice " + entry.slice() + " has no task");
    }
    if (tasks.size() > 1 && new HashSet<>(tasks).size() != tasks.size()) {
      throw new InvalidAssignmentException(
          "slice " + entry.slice() + " lists a task twice: " + tasks);
    }
    for (String task : tasks) {
      if (task.isEmpty()) {
        throw new InvalidAssignmentException("slice " + entry.slice() + " has an empty task id");
      }
    }
    if (mode == AssignmentMode.STRONG) {
      if (tasks.size() != 1) {
        throw new InvalidAssignmentException(
            "slice " + entry.slice() + " has " + tasks.size() + " owners; strong mode allows one");
      }
      if (entry.token() < 1 || entry.token() > generation) {
        throw new InvalidAssignmentException(
            "slice " + entry.slice() + " has fencing token " + entry.token()
                + "; it must be in [1, generation " + generation + "]");
      }
    } else if (entry.token() != 0 || entry.recalled()) {
      throw new InvalidAssignmentException(
          "slice " + entry.slice() + " carries a token or recall; only strong mode has them");
    }
  }

  /** Builds an assignment from {@code slices} with the same task(s) for all, in affinity mode. */
  public static Assignment uniform(long generation, int slices, List<String> tasks) {
    return of(generation, AssignmentMode.AFFINITY, evenSlices(slices, (i) -> tasks));
  }

  /**
   * Cuts the keyspace into {@code count} equal slices, giving slice {@code i} the tasks chosen by
   * {@code tasksOf}.
   */
  public static List<SliceAssignment> evenSlices(
      int count, java.util.function.IntFunction<List<String>> tasksOf) {
    if (count < 1) {
      throw new IllegalArgumentException("count " + count + " must be at least 1");
    }
    List<SliceAssignment> out = new ArrayList<>(count);
    long step = Long.divideUnsigned(SliceKeys.END, count);
    long start = 0;
    for (int i = 0; i < count; i++) {
      long end = i == count - 1 ? SliceKeys.END : start + step;
      out.add(SliceAssignment.of(new Slice(start, end), tasksOf.apply(i)));
      start = end;
    }
    return out;
  }

  public long generation() {
    return generation;
  }

  public AssignmentMode mode() {
    return mode;
  }

  /** The entries in key order. */
  public List<SliceAssignment> entries() {
    return entries;
  }

  /** The entry whose slice holds {@code sliceKey}. */
  public SliceAssignment entryFor(long sliceKey) {
    if (sliceKey < 0) {
      throw new IllegalArgumentException("slice key " + sliceKey + " is outside [0, 2^63)");
    }
    int i = java.util.Arrays.binarySearch(starts, sliceKey);
    return entries.get(i >= 0 ? i : -i - 2);
  }

  /** The task(s) serving {@code sliceKey}. */
  public List<String> tasksFor(long sliceKey) {
    return entryFor(sliceKey).tasks();
  }

  /** Every task that serves at least one slice, sorted. */
  public Set<String> tasks() {
    Set<String> all = new TreeSet<>();
    for (SliceAssignment e : entries) {
      all.addAll(e.tasks());
    }
    return Collections.unmodifiableSet(all);
  }

  /** The entries each task serves, in key order. */
  public Map<String, List<SliceAssignment>> entriesByTask() {
    Map<String, List<SliceAssignment>> out = new LinkedHashMap<>();
    for (SliceAssignment e : entries) {
      for (String t : e.tasks()) {
        out.computeIfAbsent(t, k -> new ArrayList<>()).add(e);
      }
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Assignment a
        && a.generation == generation
        && a.mode == mode
        && a.entries.equals(entries);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(generation) * 31 + entries.hashCode();
  }

  @Override
  public String toString() {
    return "Assignment{generation=" + generation + ", mode=" + mode + ", slices=" + entries.size()
        + ", tasks=" + tasks().size() + "}";
  }
}
