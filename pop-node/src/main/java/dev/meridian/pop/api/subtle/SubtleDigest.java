package dev.meridian.pop.api.subtle;

import dev.meridian.pop.api.HostOpException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** {@code op_subtle_digest(hash, data)}: https://w3c.github.io/webcrypto/#SubtleCrypto-method-digest */
final class SubtleDigest {

  private SubtleDigest() {}

  static byte[] digest(String hash, byte[] data) throws HostOpException {
    try {
      return MessageDigest.getInstance(Jca.digest(hash)).digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw SubtleErrors.notSupported("The JDK has no " + hash + ": " + e.getMessage());
    }
  }
}
