package dev.meridian.kv.crdt;

import java.util.Map;
import java.util.TreeMap;

/**
 * A grow-only counter: one monotonic count per node; the value is their sum and the join takes the
 * maximum per node [Shapiro et al. 2011, §3.1.1].
 */
public final class GCounter {

  private final TreeMap<Integer, Long> counts = new TreeMap<>();

  /** Adds {@code amount} (non-negative) for {@code node}; returns the delta. */
  public GCounter increment(int node, long amount) {
    if (amount < 0) {
      throw new IllegalArgumentException("a G-counter only grows, got increment " + amount);
    }
    long next = Math.addExact(counts.getOrDefault(node, 0L), amount);
    counts.put(node, next);
    GCounter delta = new GCounter();
    delta.counts.put(node, next);
    return delta;
  }

  public long value() {
    long sum = 0;
    for (long c : counts.values()) {
      sum += c;
    }
    return sum;
  }

  /** Joins {@code other} into this counter; returns whether anything changed. */
  public boolean join(GCounter other) {
    boolean changed = false;
    for (Map.Entry<Integer, Long> e : other.counts.entrySet()) {
      Long mine = counts.get(e.getKey());
      if (mine == null || mine < e.getValue()) {
        counts.put(e.getKey(), e.getValue());
        changed = true;
      }
    }
    return changed;
  }

  /** The per-node counts of this counter above those of {@code base}. */
  public GCounter diff(GCounter base) {
    GCounter d = new GCounter();
    for (Map.Entry<Integer, Long> e : counts.entrySet()) {
      if (base.counts.getOrDefault(e.getKey(), 0L) < e.getValue()) {
        d.counts.put(e.getKey(), e.getValue());
      }
    }
    return d;
  }

  public GCounter copy() {
    GCounter c = new GCounter();
    c.counts.putAll(counts);
    return c;
  }

  public byte[] encode() {
    Wire.Writer w = new Wire.Writer().header(Wire.VERSION, Wire.TAG_G_COUNTER);
    writeBody(w);
    return w.toByteArray();
  }

  void writeBody(Wire.Writer w) {
    w.varInt(counts.size());
    counts.forEach((node, c) -> w.varInt(node).varLong(c));
  }

  public static GCounter decode(byte[] bytes) {
    Wire.Reader r = new Wire.Reader(bytes);
    r.header(Wire.VERSION, Wire.TAG_G_COUNTER, "G-counter");
    GCounter c = readBody(r);
    r.expectEnd();
    return c;
  }

  static GCounter readBody(Wire.Reader r) {
    GCounter c = new GCounter();
    int n = r.count(2);
    for (int i = 0; i < n; i++) {
      int node = r.varInt();
      long count = r.varLong();
      if (node < 0 || count < 0) {
        throw new MalformedEncodingException("negative G-counter node or count");
      }
      c.counts.merge(node, count, Math::max);
    }
    return c;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GCounter g && counts.equals(g.counts);
  }

  @Override
  public int hashCode() {
    return counts.hashCode();
  }

  @Override
  public String toString() {
    return "GCounter" + counts;
  }
}
