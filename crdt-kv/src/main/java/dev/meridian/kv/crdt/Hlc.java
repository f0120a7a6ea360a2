package dev.meridian.kv.crdt;

/**
 * A hybrid logical clock timestamp: wall-clock milliseconds, a logical counter that orders events
 * within one millisecond (or while the wall clock lags a timestamp already seen), and the id of the
 * node that issued it, which breaks the remaining ties. Ordered by (physical, logical, node), so two
 * distinct writes never compare equal.
 *
 * @param physical milliseconds since the epoch, as the issuing node's clock and the HLC rule saw it
 * @param logical counter within {@code physical}, from 0
 * @param node id of the issuing node, non-negative
 */
public record Hlc(long physical, int logical, int node) implements Comparable<Hlc> {

  /** Below every timestamp a clock issues. */
  public static final Hlc ZERO = new Hlc(0, 0, 0);

  public Hlc {
    if (physical < 0 || logical < 0 || node < 0) {
      throw new IllegalArgumentException(
          "HLC fields must be non-negative, got physical=" + physical + " logical=" + logical + " node=" + node);
    }
  }

  @Override
  public int compareTo(Hlc o) {
    int c = Long.compare(physical, o.physical);
    if (c != 0) {
      return c;
    }
    c = Integer.compare(logical, o.logical);
    return c != 0 ? c : Integer.compare(node, o.node);
  }

  public boolean isAfter(Hlc o) {
    return compareTo(o) > 0;
  }

  public static Hlc max(Hlc a, Hlc b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  public static Hlc min(Hlc a, Hlc b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  public void writeTo(Wire.Writer w) {
    w.varLong(physical).varInt(logical).varInt(node);
  }

  public static Hlc readFrom(Wire.Reader r) {
    long p = r.varLong();
    int l = r.varInt();
    int n = r.varInt();
    if (p < 0 || l < 0 || n < 0) {
      throw new MalformedEncodingException("negative HLC field");
    }
    return new Hlc(p, l, n);
  }

  /** Encodes this timestamp alone (used by the replication envelope). */
  public byte[] toBytes() {
    Wire.Writer w = new Wire.Writer();
    writeTo(w);
    return w.toByteArray();
  }

  public static Hlc fromBytes(byte[] bytes) {
    Wire.Reader r = new Wire.Reader(bytes);
    Hlc h = readFrom(r);
    r.expectEnd();
    return h;
  }

  @Override
  public String toString() {
    return physical + "." + logical + "@" + node;
  }
}
