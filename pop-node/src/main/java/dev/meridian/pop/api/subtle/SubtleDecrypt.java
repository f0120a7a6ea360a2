package dev.meridian.pop.api.subtle;

import dev.meridian.pop.api.HostOpException;
import java.util.Map;
import javax.crypto.Cipher;

/**
 * {@code op_subtle_decrypt(algorithm, key, data)}: the inverse of {@link SubtleEncrypt}, with its
 * checks; a wrong tag, padding or integrity check is an OperationError.
 * https://w3c.github.io/webcrypto/#SubtleCrypto-method-decrypt
 */
final class SubtleDecrypt {

  private SubtleDecrypt() {}

  static byte[] decrypt(Map<String, Object> algorithm, Jca.Key key, byte[] data) throws HostOpException {
    return SubtleEncrypt.run(Cipher.DECRYPT_MODE, algorithm, key, data);
  }
}
