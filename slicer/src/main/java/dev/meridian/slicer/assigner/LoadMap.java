package dev.meridian.slicer.assigner;

/**
 * Load over the keyspace: how much of the job's load falls in a range of slice keys. The Assigner
 * asks it for every slice it considers, so implementations answer in about {@code O(log n)}.
 */
public interface LoadMap {

  /** The load in {@code [start, end)}, {@code end} unsigned (it may be {@code 2^63}). */
  double loadIn(long start, long end);

  /** A load map with no load anywhere: the Assigner then only fixes health and replica counts. */
  LoadMap NONE = (start, end) -> 0;
}
