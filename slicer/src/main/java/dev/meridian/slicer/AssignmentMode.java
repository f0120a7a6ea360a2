package dev.meridian.slicer;

/** How strictly an assignment's owners are kept apart. */
public enum AssignmentMode {
  /**
   * Eventual: a key may briefly have its old and new task while an assignment propagates. For
   * caching and routing affinity; the default.
   */
  AFFINITY,
  /**
   * At most one owner of a key at any instant: one task per slice, served under a lease, with a
   * fencing token that storage checks. For Durable Objects and locks.
   */
  STRONG
}
