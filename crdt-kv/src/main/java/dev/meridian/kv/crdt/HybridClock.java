package dev.meridian.kv.crdt;

import java.util.function.LongSupplier;

/**
 * Issues {@link Hlc} timestamps for one node, following the send and receive rules of Kulkarni et
 * al. 2014 (see the references in {@link LwwMap}). Timestamps a node issues strictly increase, and
 * after {@link #observe} every later timestamp is above the observed one, so a write made after
 * reading another is ordered after it even when the wall clocks disagree.
 *
 * <p>The wall clock is injected: logic never reads {@code System.currentTimeMillis()}.
 */
public final class HybridClock {

  private final LongSupplier wallMillis;
  private final int node;
  private long physical;
  private int logical;

  /**
   * @param node this node's id, the tie-breaker of every timestamp it issues
   * @param wallMillis the wall clock in milliseconds since the epoch
   */
  public HybridClock(int node, LongSupplier wallMillis) {
    if (node < 0) {
      throw new IllegalArgumentException("node id must be non-negative, got " + node);
    }
    this.node = node;
    this.wallMillis = wallMillis;
  }

  public int node() {
    return node;
  }

  /** A timestamp for a local event, above every timestamp issued or observed before. */
  public synchronized Hlc now() {
    long wall = wallMillis.getAsLong();
    if (wall > physical) {
      physical = wall;
      logical = 0;
    } else {
      logical++;
    }
    return new Hlc(physical, logical, node);
  }

  /** Moves the clock past a timestamp received from another node (the HLC receive rule). */
  public synchronized void observe(Hlc remote) {
    long wall = wallMillis.getAsLong();
    long next = Math.max(wall, Math.max(physical, remote.physical()));
    if (next == physical && next == remote.physical()) {
      logical = Math.max(logical, remote.logical()) + 1;
    } else if (next == physical) {
      logical++;
    } else if (next == remote.physical()) {
      logical = remote.logical() + 1;
    } else {
      logical = 0;
    }
    physical = next;
  }

  /** The last timestamp issued or observed, without advancing (used in heartbeats). */
  public synchronized Hlc peek() {
    return new Hlc(physical, logical, node);
  }
}
