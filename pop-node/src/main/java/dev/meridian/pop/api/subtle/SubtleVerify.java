package dev.meridian.pop.api.subtle;

import dev.meridian.pop.api.HostOpException;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.SignatureException;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code op_subtle_verify(algorithm, key, signature, data)}: the counterpart of {@link SubtleSign}. A
 * malformed signature (wrong length, bad encoding) verifies as false, as the spec says, rather than
 * throwing. https://w3c.github.io/webcrypto/#SubtleCrypto-method-verify
 */
final class SubtleVerify {

  private SubtleVerify() {}

  static boolean verify(Map<String, Object> algorithm, Jca.Key key, byte[] signature, byte[] data)
      throws HostOpException {
    String name = Jca.string(algorithm, "name");
    try {
      if (name.equals("HMAC")) {
        Mac mac = Mac.getInstance(Jca.hmac(Jca.hash(key.algorithm())));
        mac.init(new SecretKeySpec(key.data(), "HMAC"));
        return MessageDigest.isEqual(mac.doFinal(data), signature);
      }
      Signature verifier = SubtleSign.signature(name, algorithm, key.algorithm());
      verifier.initVerify(Jca.publicKey(name, key.data()));
      verifier.update(data);
      return verifier.verify(signature);
    } catch (SignatureException e) {
      return false;
    } catch (InvalidKeyException e) {
      throw SubtleErrors.invalidAccess(name + " cannot verify with this key: " + e.getMessage());
    } catch (GeneralSecurityException e) {
      throw SubtleErrors.operation(name + " verification failed: " + e.getMessage());
    }
  }
}
