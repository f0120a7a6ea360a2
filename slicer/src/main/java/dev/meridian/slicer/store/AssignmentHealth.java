package dev.meridian.slicer.store;

import org.jspecify.annotations.Nullable;

/**
 * What a Slicelet or Clerk can say about the assignment it routes by.
 *
 * @param status whether the assignment is known and current
 * @param generation the generation in force, 0 when none
 * @param detail why the status is not {@link Status#CURRENT}, or null
 */
public record AssignmentHealth(Status status, long generation, @Nullable String detail) {

  /** How far to trust the assignment in force. */
  public enum Status {
    /** No assignment received yet: lookups find no task. */
    NONE,
    /** Connected to the store and holding its latest valid assignment. */
    CURRENT,
    /**
     * Routing on the last good assignment because the store is unreachable or its latest
     * assignment was rejected; {@code detail} says which.
     */
    STALE
  }
}
