package dev.meridian.kv.crdt;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * An observed-remove set of strings with add-wins semantics [Shapiro et al. 2011, §3.3.5], in its
 * optimised delta form [Almeida et al. 2018, §7.2]: each add is a dot; a remove drops the dots it
 * has observed, so an add concurrent with a remove survives it.
 */
public final class ORSet {

  private final DotKernel<String> kernel;

  public ORSet() {
    this(new DotKernel<>());
  }

  private ORSet(DotKernel<String> kernel) {
    this.kernel = kernel;
  }

  /** Adds {@code element} as {@code node}; returns the delta (the new dot, and the old ones it replaces). */
  public ORSet add(int node, String element) {
    DotKernel<String> delta = kernel.removeIf(element::equals);
    delta.join(kernel.add(node, element));
    return new ORSet(delta);
  }

  /** Removes every observed add of {@code element}; returns the delta. */
  public ORSet remove(String element) {
    return new ORSet(kernel.removeIf(element::equals));
  }

  public boolean contains(String element) {
    return kernel.entries.containsValue(element);
  }

  public Set<String> elements() {
    return Collections.unmodifiableSet(new TreeSet<>(kernel.values()));
  }

  public boolean join(ORSet other) {
    return kernel.join(other.kernel);
  }

  public ORSet diff(ORSet base) {
    return new ORSet(kernel.diff(base.kernel));
  }

  public ORSet copy() {
    return new ORSet(kernel.copy());
  }

  public byte[] encode() {
    Wire.Writer w = new Wire.Writer().header(Wire.VERSION, Wire.TAG_OR_SET);
    kernel.writeTo(w, Wire.Writer::string);
    return w.toByteArray();
  }

  public static ORSet decode(byte[] bytes) {
    Wire.Reader r = new Wire.Reader(bytes);
    r.header(Wire.VERSION, Wire.TAG_OR_SET, "OR-set");
    ORSet s = new ORSet(DotKernel.readFrom(r, Wire.Reader::string));
    r.expectEnd();
    return s;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ORSet s && kernel.equals(s.kernel);
  }

  @Override
  public int hashCode() {
    return kernel.hashCode();
  }

  @Override
  public String toString() {
    return "ORSet" + kernel;
  }
}
