package dev.meridian.slicer.lease;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/** Everything the strong-mode fault test observed, for {@link HistoryChecker}. */
final class History {

  /** A Slicelet granted a lease for a write: the check passed at {@code at}. */
  record Check(String key, String task, long token, long at, long expiresAt) {}

  /** Storage accepted a write; {@code order} is storage's order of acceptance for all keys. */
  record Accepted(String key, String task, long token, long order) {}

  /** Storage refused a write for its stale token. */
  record Refused(String key, String task, long token) {}

  /** A Slicelet stopped serving a range under a token (recalled, lost or revoked). */
  record Release(String task, long start, long end, long token, long at) {}

  final ConcurrentLinkedQueue<Check> checks = new ConcurrentLinkedQueue<>();
  final ConcurrentLinkedQueue<Accepted> accepted = new ConcurrentLinkedQueue<>();
  final ConcurrentLinkedQueue<Refused> refused = new ConcurrentLinkedQueue<>();
  final ConcurrentLinkedQueue<Release> releases = new ConcurrentLinkedQueue<>();
  private final AtomicLong order = new AtomicLong();

  long nextOrder() {
    return order.incrementAndGet();
  }

  List<Accepted> acceptedInOrder() {
    return accepted.stream().sorted((a, b) -> Long.compare(a.order(), b.order())).toList();
  }
}
