package dev.meridian.pop.api.url;

/**
 * Punycode (RFC 3492, https://www.rfc-editor.org/rfc/rfc3492) of one label: encoding (§ 6.3) and
 * decoding (§ 6.2). {@link java.net.IDN} encodes only after its own IDNA2003 mapping, which
 * turns the UTS #46 deviation characters (ß, ς) into something else; UTS #46 non-transitional
 * processing encodes the label as mapped, so {@link DomainToAscii} encodes here.
 */
final class Punycode {

  private static final int BASE = 36;
  private static final int TMIN = 1;
  private static final int TMAX = 26;
  private static final int SKEW = 38;
  private static final int DAMP = 700;
  private static final int INITIAL_BIAS = 72;
  private static final int INITIAL_N = 128;

  private Punycode() {}

  /** The Punycode of {@code label}, without the {@code xn--} prefix. */
  static String encode(String label) {
    int[] input = label.codePoints().toArray();
    StringBuilder output = new StringBuilder(input.length + 8);
    for (int c : input) {
      if (c < 0x80) {
        output.append((char) c);
      }
    }
    int basic = output.length();
    int handled = basic;
    if (basic > 0) {
      output.append('-');
    }
    int n = INITIAL_N;
    long delta = 0;
    int bias = INITIAL_BIAS;
    while (handled < input.length) {
      int m = Integer.MAX_VALUE;
      for (int c : input) {
        if (c >= n && c < m) {
          m = c;
        }
      }
      delta += (long) (m - n) * (handled + 1);
      n = m;
      for (int c : input) {
        if (c < n) {
          delta++;
        }
        if (c == n) {
          long q = delta;
          for (int k = BASE; ; k += BASE) {
            int t = k <= bias ? TMIN : k >= bias + TMAX ? TMAX : k - bias;
            if (q < t) {
              break;
            }
            output.append(digit((int) (t + (q - t) % (BASE - t))));
            q = (q - t) / (BASE - t);
          }
          output.append(digit((int) q));
          bias = adapt(delta, handled + 1, handled == basic);
          delta = 0;
          handled++;
        }
      }
      delta++;
      n++;
    }
    return output.toString();
  }

  /**
   * Decodes {@code input} (without the {@code xn--} prefix) per RFC 3492 § 6.2, or answers null
   * when it is not valid Punycode.
   */
  static String decode(String input) {
    int b = input.lastIndexOf('-');
    StringBuilder basic = new StringBuilder();
    for (int j = 0; j < Math.max(b, 0); j++) {
      char c = input.charAt(j);
      if (c >= 0x80) {
        return null;
      }
      basic.append(c);
    }
    java.util.List<Integer> output = new java.util.ArrayList<>();
    basic.codePoints().forEach(output::add);
    int n = INITIAL_N;
    long i = 0;
    int bias = INITIAL_BIAS;
    int pos = b > 0 ? b + 1 : 0;
    while (pos < input.length()) {
      long oldi = i;
      long w = 1;
      for (int k = BASE; ; k += BASE) {
        if (pos >= input.length()) {
          return null;
        }
        int digit = digitValue(input.charAt(pos++));
        if (digit < 0) {
          return null;
        }
        i += digit * w;
        if (i > Integer.MAX_VALUE) {
          return null;
        }
        int t = k <= bias ? TMIN : k >= bias + TMAX ? TMAX : k - bias;
        if (digit < t) {
          break;
        }
        w *= BASE - t;
        if (w > Integer.MAX_VALUE) {
          return null;
        }
      }
      int size = output.size() + 1;
      bias = adapt(i - oldi, size, oldi == 0);
      n += (int) (i / size);
      i %= size;
      if (n > Character.MAX_CODE_POINT || (n >= 0xD800 && n <= 0xDFFF)) {
        return null;
      }
      output.add((int) i, n);
      i++;
    }
    StringBuilder sb = new StringBuilder(output.size());
    for (int cp : output) {
      sb.appendCodePoint(cp);
    }
    return sb.toString();
  }

  private static int digitValue(char c) {
    if (c >= 'a' && c <= 'z') {
      return c - 'a';
    }
    if (c >= 'A' && c <= 'Z') {
      return c - 'A';
    }
    if (c >= '0' && c <= '9') {
      return c - '0' + 26;
    }
    return -1;
  }

  // RFC 3492 § 6.1
  private static int adapt(long delta, int numPoints, boolean firstTime) {
    delta = firstTime ? delta / DAMP : delta / 2;
    delta += delta / numPoints;
    int k = 0;
    while (delta > ((BASE - TMIN) * TMAX) / 2) {
      delta /= BASE - TMIN;
      k += BASE;
    }
    return (int) (k + (BASE - TMIN + 1) * delta / (delta + SKEW));
  }

  private static char digit(int d) {
    return (char) (d < 26 ? 'a' + d : '0' + d - 26);
  }
}
