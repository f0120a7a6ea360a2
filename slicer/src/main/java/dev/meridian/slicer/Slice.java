package dev.meridian.slicer;

/**
 * A half-open range {@code [start, end)} of slice keys; {@code end} may be {@link SliceKeys#END}.
 *
 * @param start the first slice key in the slice, in {@code [0, 2^63)}
 * @param end the first slice key after the slice, compared unsigned
 */
public record Slice(long start, long end) {

  /** The whole keyspace. */
  public static final Slice ALL = new Slice(0, SliceKeys.END);

  public Slice {
    if (start < 0) {
      throw new IllegalArgumentException("slice start " + start + " is outside [0, 2^63)");
    }
    if (!SliceKeys.before(start, end) || SliceKeys.before(SliceKeys.END, end)) {
      throw new IllegalArgumentException(
          "slice [" + start + ", " + SliceKeys.format(end) + ") is empty or ends past 2^63");
    }
  }

  /** True when the slice key {@code key} lies in this slice. */
  public boolean contains(long key) {
    return key >= start && SliceKeys.before(key, end);
  }

  /** The fraction of the keyspace this slice covers. */
  public double fraction() {
    return SliceKeys.fraction(start, end);
  }

  /** True when this slice holds a single slice key and cannot be split. */
  public boolean isUnit() {
    return end - start == 1;
  }

  @Override
  public String toString() {
    return "[" + start + ", " + SliceKeys.format(end) + ")";
  }
}
