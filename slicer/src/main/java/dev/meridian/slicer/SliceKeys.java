package dev.meridian.slicer;

import java.nio.charset.StandardCharsets;

/**
 * The slice-key space: {@code [0, 2^63)}. Application keys hash into it with a stable 64-bit
 * fingerprint (FNV-1a over the UTF-8 bytes, then the SplitMix64 finaliser to spread FNV's weak low
 * bits) kept to its low 63 bits. The fingerprint never changes between releases: assignments are
 * stored as ranges of it.
 *
 * <p>Ends of ranges are exclusive and compared unsigned, so the end of the keyspace, {@code 2^63},
 * is {@link #END} (the bit pattern of {@link Long#MIN_VALUE}).
 */
public final class SliceKeys {

  /** The exclusive end of the keyspace, {@code 2^63}, as an unsigned long. */
  public static final long END = 1L << 63;

  private static final double KEYSPACE = Math.scalb(1.0, 63);

  private SliceKeys() {}

  /** The slice key of an application key. */
  public static long of(String key) {
    return of(key.getBytes(StandardCharsets.UTF_8));
  }

  /** The slice key of an application key given as bytes. */
  public static long of(byte[] key) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : key) {
      hash ^= b & 0xff;
      hash *= 0x100000001b3L;
    }
    return mix(hash) & Long.MAX_VALUE;
  }

  /** SplitMix64's finaliser: a bijection on 64-bit values with good avalanche. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** The fraction of the keyspace in {@code [start, end)}, where {@code end} is unsigned. */
  public static double fraction(long start, long end) {
    long width = end - start;
    double w = width >= 0 ? width : ((width >>> 1) * 2.0 + (width & 1));
    return w / KEYSPACE;
  }

  /** True when {@code a < b} as unsigned values (range ends may be {@link #END}). */
  public static boolean before(long a, long b) {
    return Long.compareUnsigned(a, b) < 0;
  }

  /** A readable form: decimal for keys, {@code END} for the end of the keyspace. */
  public static String format(long key) {
    return key == END ? "END" : Long.toString(key);
  }
}
