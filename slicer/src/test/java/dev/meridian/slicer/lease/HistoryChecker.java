package dev.meridian.slicer.lease;

import dev.meridian.slicer.SliceKeys;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a strong-mode history without trusting the code under test (it does not use the
 * FencedRegister's answers, only what was accepted and when leases were checked and released):
 *
 * <ol>
 *   <li>No stale token accepted: per key, in storage's order, every accepted token is at least
 *       every token accepted before it.
 *   <li>One owner per token: a (key, token) pair is used by one task only.
 *   <li>No overlapping leases: per key, the lease intervals of different tasks do not overlap. A
 *       task's interval under a token runs from its first passed check to its release of the key
 *       if it released it, else to the latest expiry any of its checks saw.
 * </ol>
 */
final class HistoryChecker {

  private HistoryChecker() {}

  private record Interval(String task, long token, long from, long to) {}

  /** The violations found, empty when the history is correct. */
  static List<String> violations(History history) {
    List<String> out = new ArrayList<>();
    Map<String, Long> highest = new HashMap<>();
    for (History.Accepted a : history.acceptedInOrder()) {
      long max = highest.getOrDefault(a.key(), 0L);
      if (a.token() < max) {
        out.add("stale token accepted: " + a + " after token " + max);
      }
      highest.put(a.key(), Math.max(max, a.token()));
    }
    Map<String, Map<Long, String>> ownerOfToken = new HashMap<>();
    for (History.Accepted a : history.accepted) {
      String other = ownerOfToken.computeIfAbsent(a.key(), k -> new HashMap<>())
          .putIfAbsent(a.token(), a.task());
      if (other != null && !other.equals(a.task())) {
        out.add("token " + a.token() + " of '" + a.key() + "' used by " + other + " and "
            + a.task());
      }
    }
    Map<String, Map<String, List<History.Check>>> groups = new HashMap<>();
    for (History.Check c : history.checks) {
      groups.computeIfAbsent(c.key(), k -> new HashMap<>())
          .computeIfAbsent(c.task() + "/" + c.token(), g -> new ArrayList<>()).add(c);
    }
    for (Map.Entry<String, Map<String, List<History.Check>>> e : groups.entrySet()) {
      long sliceKey = SliceKeys.of(e.getKey());
      List<Interval> list = new ArrayList<>();
      for (List<History.Check> checks : e.getValue().values()) {
        list.addAll(segments(history, checks, sliceKey));
      }
      list.sort((a, b) -> Long.compare(a.from(), b.from()));
      for (int x = 0; x < list.size(); x++) {
        for (int y = x + 1; y < list.size() && list.get(y).from() < list.get(x).to(); y++) {
          Interval a = list.get(x);
          Interval b = list.get(y);
          if (!a.task().equals(b.task())) {
            out.add("overlapping leases on '" + e.getKey() + "': " + a + " and " + b);
          }
        }
      }
    }
    return out;
  }

  /**
   * One task's lease intervals on a key under one token: checks are cut into runs at each release
   * of the key; a run lasts from its first check to the next release, or to the latest expiry
   * its checks saw if that comes first.
   */
  private static List<Interval> segments(History history, List<History.Check> checks,
      long sliceKey) {
    History.Check first = checks.get(0);
    List<Long> releases = new ArrayList<>();
    for (History.Release r : history.releases) {
      if (r.task().equals(first.task()) && r.token() == first.token()
          && sliceKey >= r.start() && SliceKeys.before(sliceKey, r.end())) {
        releases.add(r.at());
      }
    }
    releases.sort(null);
    List<History.Check> sorted = new ArrayList<>(checks);
    sorted.sort((a, b) -> Long.compare(a.at(), b.at()));
    List<Interval> out = new ArrayList<>();
    int r = 0;
    long from = Long.MIN_VALUE;
    long expiry = Long.MIN_VALUE;
    for (History.Check c : sorted) {
      long cutAt = Long.MAX_VALUE;
      while (r < releases.size() && releases.get(r) <= c.at()) {
        cutAt = Math.min(cutAt, releases.get(r));
        r++;
      }
      if (cutAt != Long.MAX_VALUE && from != Long.MIN_VALUE) {
        out.add(new Interval(first.task(), first.token(), from, Math.min(expiry, cutAt)));
        from = Long.MIN_VALUE;
      }
      if (from == Long.MIN_VALUE) {
        from = c.at();
        expiry = c.expiresAt();
      }
      expiry = Math.max(expiry, c.expiresAt());
    }
    long end = r < releases.size() ? Math.min(expiry, releases.get(r)) : expiry;
    out.add(new Interval(first.task(), first.token(), from, end));
    return out;
  }
}
