package dev.meridian.kv.crdt;

import java.util.List;

/**
 * A multi-value register [Shapiro et al. 2011, §3.2.2; Almeida et al. 2018, §7.3]: a write
 * replaces every value it has observed; concurrent writes are all kept, for the reader to
 * reconcile.
 */
public final class MVRegister {

  private final DotKernel<byte[]> kernel;

  public MVRegister() {
    this(new DotKernel<>());
  }

  private MVRegister(DotKernel<byte[]> kernel) {
    this.kernel = kernel;
  }

  /** Writes {@code value} as {@code node}, replacing the values observed; returns the delta. */
  public MVRegister write(int node, byte[] value) {
    DotKernel<byte[]> delta = kernel.removeIf(v -> true);
    delta.join(kernel.add(node, value.clone()));
    return new MVRegister(delta);
  }

  /** The concurrent values, in dot order; empty before the first write. */
  public List<byte[]> values() {
    return kernel.values().stream().map(byte[]::clone).toList();
  }

  public boolean join(MVRegister other) {
    return kernel.join(other.kernel);
  }

  public MVRegister diff(MVRegister base) {
    return new MVRegister(kernel.diff(base.kernel));
  }

  public MVRegister copy() {
    return new MVRegister(kernel.copy());
  }

  public byte[] encode() {
    Wire.Writer w = new Wire.Writer().header(Wire.VERSION, Wire.TAG_MV_REGISTER);
    kernel.writeTo(w, Wire.Writer::bytes);
    return w.toByteArray();
  }

  public static MVRegister decode(byte[] bytes) {
    Wire.Reader r = new Wire.Reader(bytes);
    r.header(Wire.VERSION, Wire.TAG_MV_REGISTER, "MV-register");
    MVRegister m = new MVRegister(DotKernel.readFrom(r, Wire.Reader::bytes));
    r.expectEnd();
    return m;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MVRegister m && kernel.equals(m.kernel);
  }

  @Override
  public int hashCode() {
    return kernel.hashCode();
  }

  @Override
  public String toString() {
    return "MVRegister" + kernel;
  }
}
