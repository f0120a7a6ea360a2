package dev.meridian.kv.replication;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

/**
 * Options of replication at one node.
 *
 * @param node this node's id (the HLC tie-breaker; unique among the replicas)
 * @param members ids of every replica of the namespaces, this node included: tombstones are
 *     collected only once each of them reports it has merged them
 * @param batchInterval local writes are gathered this long into one delta message; default
 *     {@link #DEFAULT_BATCH_INTERVAL}
 * @param heartbeatInterval how often a replica reports its progress (and repairs peers that are
 *     behind); default {@link #DEFAULT_HEARTBEAT_INTERVAL}
 * @param maxMessageBytes deltas and repairs are split into messages of about this size; default
 *     {@link #DEFAULT_MAX_MESSAGE_BYTES} (a single larger value still goes as one message, which
 *     the Pulsar producer chunks)
 */
public record ReplicationConfig(int node, Set<Integer> members, Duration batchInterval,
    Duration heartbeatInterval, int maxMessageBytes) {

  /** Short enough to stay far below the aim of sub-second p99 lag, long enough to batch bursts. */
  public static final Duration DEFAULT_BATCH_INTERVAL = Duration.ofMillis(10);

  /** Heartbeats bound how soon a lost delta is repaired: about two intervals. */
  public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofMillis(250);

  /** Below Pulsar's default 5 MB message limit. */
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 1 << 20;

  public ReplicationConfig {
    members = Set.copyOf(new TreeSet<>(members));
    if (!members.contains(node)) {
      throw new IllegalArgumentException("members " + members + " must include this node " + node);
    }
    if (batchInterval.isNegative() || batchInterval.isZero()) {
      throw new IllegalArgumentException("batchInterval must be positive, got " + batchInterval);
    }
    if (heartbeatInterval.compareTo(batchInterval) < 0) {
      throw new IllegalArgumentException("heartbeatInterval " + heartbeatInterval
          + " must be at least batchInterval " + batchInterval);
    }
    if (maxMessageBytes < 1024) {
      throw new IllegalArgumentException("maxMessageBytes must be >= 1024, got " + maxMessageBytes);
    }
  }

  /** A single node: no peers. */
  public static ReplicationConfig single(int node) {
    return of(node, Set.of(node));
  }

  public static ReplicationConfig of(int node, Set<Integer> members) {
    return new ReplicationConfig(node, members, DEFAULT_BATCH_INTERVAL, DEFAULT_HEARTBEAT_INTERVAL,
        DEFAULT_MAX_MESSAGE_BYTES);
  }

  public ReplicationConfig withIntervals(Duration batch, Duration heartbeat) {
    return new ReplicationConfig(node, members, batch, heartbeat, maxMessageBytes);
  }

  public ReplicationConfig withMaxMessageBytes(int bytes) {
    return new ReplicationConfig(node, members, batchInterval, heartbeatInterval, bytes);
  }
}
