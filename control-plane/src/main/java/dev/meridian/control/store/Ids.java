package dev.meridian.control.store;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Object ids: a kind prefix and random hex. Random rather than sequential so an id says nothing
 * about how many objects other tenants have.
 */
public final class Ids {

  private static final SecureRandom RANDOM = new SecureRandom();

  private Ids() {}

  /** {@code prefix} followed by {@code bytes} random bytes in hex. */
  public static String random(String prefix, int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return prefix + HexFormat.of().formatHex(b);
  }
}
