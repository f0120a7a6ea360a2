package dev.meridian.kv.crdt;

/**
 * A counter that goes up and down: two {@link GCounter}s, one of increments and one of
 * decrements; the value is their difference [Shapiro et al. 2011, §3.1.2].
 */
public final class PNCounter {

  private final GCounter up;
  private final GCounter down;

  public PNCounter() {
    this(new GCounter(), new GCounter());
  }

  private PNCounter(GCounter up, GCounter down) {
    this.up = up;
    this.down = down;
  }

  /** Adds {@code amount} (any sign) for {@code node}; returns the delta. */
  public PNCounter add(int node, long amount) {
    if (amount >= 0) {
      return new PNCounter(up.increment(node, amount), new GCounter());
    }
    if (amount == Long.MIN_VALUE) {
      throw new IllegalArgumentException("amount out of range: " + amount);
    }
    return new PNCounter(new GCounter(), down.increment(node, -amount));
  }

  public long value() {
    return up.value() - down.value();
  }

  public boolean join(PNCounter other) {
    boolean a = up.join(other.up);
    boolean b = down.join(other.down);
    return a || b;
  }

  public PNCounter diff(PNCounter base) {
    return new PNCounter(up.diff(base.up), down.diff(base.down));
  }

  public PNCounter copy() {
    return new PNCounter(up.copy(), down.copy());
  }

  public byte[] encode() {
    Wire.Writer w = new Wire.Writer().header(Wire.VERSION, Wire.TAG_PN_COUNTER);
    up.writeBody(w);
    down.writeBody(w);
    return w.toByteArray();
  }

  public static PNCounter decode(byte[] bytes) {
    Wire.Reader r = new Wire.Reader(bytes);
    r.header(Wire.VERSION, Wire.TAG_PN_COUNTER, "PN-counter");
    PNCounter c = new PNCounter(GCounter.readBody(r), GCounter.readBody(r));
    r.expectEnd();
    return c;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PNCounter p && up.equals(p.up) && down.equals(p.down);
  }

  @Override
  public int hashCode() {
    return 31 * up.hashCode() + down.hashCode();
  }

  @Override
  public String toString() {
    return "PNCounter[+" + up + " -" + down + "]";
  }
}
