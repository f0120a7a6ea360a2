package dev.meridian.pop.api.crypto;

import dev.meridian.pop.api.Extension;
import dev.meridian.pop.api.HostOp;
import dev.meridian.pop.api.HostOpException;
import java.security.SecureRandom;
import java.util.List;

/**
 * The {@code crypto} global of the Web Crypto API: {@code getRandomValues} and {@code randomUUID},
 * backed by the JVM's {@link SecureRandom}.
 */
public final class CryptoExtension implements Extension {

  /** Web Crypto's quota for one getRandomValues call, in bytes. */
  public static final int MAX_RANDOM_BYTES = 65_536;

  private static final SecureRandom RANDOM = new SecureRandom();

  @Override
  public String name() {
    return "crypto";
  }

  @Override
  public List<String> dependencies() {
    return List.of("webidl", "dom");
  }

  @Override
  public List<String> scripts() {
    return List.of("01_crypto.js");
  }

  @Override
  public List<HostOp> ops() {
    return List.of(new HostOp("op_crypto_random_bytes", args -> {
      int length = ((Number) args[0]).intValue();
      if (length < 0 || length > MAX_RANDOM_BYTES) {
        throw HostOpException.domException("QuotaExceededError",
            "getRandomValues can fill at most " + MAX_RANDOM_BYTES + " bytes, was asked for " + length);
      }
      byte[] bytes = new byte[length];
      RANDOM.nextBytes(bytes);
      return bytes;
    }));
  }
}
