package dev.meridian.kv.crdt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The dot kernel of Almeida et al. 2018 (§5.2): a map from dots to values plus the causal context
 * of every dot ever seen. A dot present in one side's map survives the join unless the other side
 * has seen it (it is in the other's context) and dropped it. {@link ORSet} and {@link MVRegister}
 * are thin layers over it.
 */
final class DotKernel<V> {

  final TreeMap<Dot, V> entries = new TreeMap<>();
  final CausalContext context = new CausalContext();

  /** Adds {@code value} under a fresh dot of {@code node}; returns the delta. */
  DotKernel<V> add(int node, V value) {
    Dot d = context.next(node);
    entries.put(d, value);
    DotKernel<V> delta = new DotKernel<>();
    delta.entries.put(d, value);
    delta.context.add(d);
    return delta;
  }

  /** Removes the entries whose value matches; returns the delta (their dots, no entries). */
  DotKernel<V> removeIf(Predicate<V> match) {
    DotKernel<V> delta = new DotKernel<>();
    var it = entries.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<Dot, V> e = it.next();
      if (match.test(e.getValue())) {
        delta.context.add(e.getKey());
        it.remove();
      }
    }
    return delta;
  }

  /** Joins {@code other} into this kernel; returns whether anything changed. */
  boolean join(DotKernel<V> other) {
    boolean changed = false;
    var it = entries.entrySet().iterator();
    while (it.hasNext()) {
      Dot d = it.next().getKey();
      if (!other.entries.containsKey(d) && other.context.contains(d)) {
        it.remove();
        changed = true;
      }
    }
    for (Map.Entry<Dot, V> e : other.entries.entrySet()) {
      if (!entries.containsKey(e.getKey()) && !context.contains(e.getKey())) {
        entries.put(e.getKey(), e.getValue());
        changed = true;
      }
    }
    CausalContext before = context.copy();
    context.join(other.context);
    return changed || !before.equals(context);
  }

  /**
   * A delta that brings {@code base} up to this kernel: this kernel's whole context, with the
   * entries base has not seen or still holds (the context alone would remove the latter).
   */
  DotKernel<V> diff(DotKernel<V> base) {
    DotKernel<V> d = new DotKernel<>();
    d.context.join(context);
    for (Map.Entry<Dot, V> e : entries.entrySet()) {
      if (!base.context.contains(e.getKey()) || base.entries.containsKey(e.getKey())) {
        d.entries.put(e.getKey(), e.getValue());
      }
    }
    return d;
  }

  List<V> values() {
    return new ArrayList<>(entries.values());
  }

  DotKernel<V> copy() {
    DotKernel<V> k = new DotKernel<>();
    k.entries.putAll(entries);
    k.context.join(context);
    return k;
  }

  void writeTo(Wire.Writer w, BiConsumer<Wire.Writer, V> valueWriter) {
    context.writeTo(w);
    w.varInt(entries.size());
    for (Map.Entry<Dot, V> e : entries.entrySet()) {
      w.varInt(e.getKey().node()).varLong(e.getKey().counter());
      valueWriter.accept(w, e.getValue());
    }
  }

  static <V> DotKernel<V> readFrom(Wire.Reader r, Function<Wire.Reader, V> valueReader) {
    DotKernel<V> k = new DotKernel<>();
    k.context.join(CausalContext.readFrom(r));
    int n = r.count(3);
    for (int i = 0; i < n; i++) {
      Dot d = CausalContext.readDot(r);
      if (!k.context.contains(d)) {
        throw new MalformedEncodingException("dot " + d + " outside its causal context");
      }
      k.entries.put(d, valueReader.apply(r));
    }
    return k;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof DotKernel<?> k) || !context.equals(k.context) || entries.size() != k.entries.size()) {
      return false;
    }
    for (Map.Entry<Dot, V> e : entries.entrySet()) {
      if (!k.entries.containsKey(e.getKey()) || !Objects.deepEquals(e.getValue(), k.entries.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = context.hashCode();
    for (Map.Entry<Dot, V> e : entries.entrySet()) {
      h = 31 * h + e.getKey().hashCode() + Arrays.deepHashCode(new Object[] {e.getValue()});
    }
    return h;
  }

  @Override
  public String toString() {
    return entries + " " + context;
  }
}
