package dev.meridian.kv.crdt;

import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The set of dots a replica has seen, kept compact as a version vector (every dot of a node up to
 * a count) plus a cloud of dots beyond it, as in Almeida et al. 2018, §5.1. Join is set union.
 */
final class CausalContext {

  private final TreeMap<Integer, Long> vector = new TreeMap<>();
  private final TreeSet<Dot> cloud = new TreeSet<>();

  boolean contains(Dot d) {
    return d.counter() <= vector.getOrDefault(d.node(), 0L) || cloud.contains(d);
  }

  /** The next dot of {@code node}, added to this context. Assumes the context is compact. */
  Dot next(int node) {
    long c = vector.getOrDefault(node, 0L) + 1;
    vector.put(node, c);
    compact();
    return new Dot(node, c);
  }

  void add(Dot d) {
    if (!contains(d)) {
      cloud.add(d);
      compact();
    }
  }

  void join(CausalContext other) {
    other.vector.forEach((n, c) -> vector.merge(n, c, Math::max));
    cloud.addAll(other.cloud);
    compact();
  }

  /** Moves cloud dots that extend the vector into it and drops those it already covers. */
  private void compact() {
    boolean progress = true;
    while (progress) {
      progress = false;
      Iterator<Dot> it = cloud.iterator();
      while (it.hasNext()) {
        Dot d = it.next();
        long v = vector.getOrDefault(d.node(), 0L);
        if (d.counter() == v + 1) {
          vector.put(d.node(), d.counter());
          it.remove();
          progress = true;
        } else if (d.counter() <= v) {
          it.remove();
        }
      }
    }
  }

  CausalContext copy() {
    CausalContext c = new CausalContext();
    c.vector.putAll(vector);
    c.cloud.addAll(cloud);
    return c;
  }

  void writeTo(Wire.Writer w) {
    w.varInt(vector.size());
    vector.forEach((n, c) -> w.varInt(n).varLong(c));
    w.varInt(cloud.size());
    for (Dot d : cloud) {
      w.varInt(d.node()).varLong(d.counter());
    }
  }

  static CausalContext readFrom(Wire.Reader r) {
    CausalContext c = new CausalContext();
    int n = r.count(2);
    for (int i = 0; i < n; i++) {
      int node = r.varInt();
      long count = r.varLong();
      if (node < 0 || count < 0) {
        throw new MalformedEncodingException("negative version vector entry");
      }
      c.vector.merge(node, count, Math::max);
    }
    int m = r.count(2);
    for (int i = 0; i < m; i++) {
      c.cloud.add(readDot(r));
    }
    c.compact();
    return c;
  }

  static Dot readDot(Wire.Reader r) {
    int node = r.varInt();
    long counter = r.varLong();
    if (node < 0 || counter < 1) {
      throw new MalformedEncodingException("bad dot " + node + ":" + counter);
    }
    return new Dot(node, counter);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof CausalContext c)) {
      return false;
    }
    return withoutZeros(vector).equals(withoutZeros(c.vector)) && cloud.equals(c.cloud);
  }

  private static Map<Integer, Long> withoutZeros(TreeMap<Integer, Long> v) {
    TreeMap<Integer, Long> m = new TreeMap<>(v);
    m.values().removeIf(x -> x == 0L);
    return m;
  }

  @Override
  public int hashCode() {
    return withoutZeros(vector).hashCode() * 31 + cloud.hashCode();
  }

  @Override
  public String toString() {
    return "ctx" + vector + (cloud.isEmpty() ? "" : "+" + cloud);
  }
}
