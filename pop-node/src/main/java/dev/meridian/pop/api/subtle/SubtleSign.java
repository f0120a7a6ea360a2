package dev.meridian.pop.api.subtle;

import dev.meridian.pop.api.HostOpException;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.spec.PSSParameterSpec;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code op_subtle_sign(algorithm, key, data)}: HMAC, ECDSA (P1363 r||s, as Web Crypto writes it),
 * Ed25519, RSASSA-PKCS1-v1_5 and RSA-PSS. https://w3c.github.io/webcrypto/#SubtleCrypto-method-sign
 */
final class SubtleSign {

  private SubtleSign() {}

  static byte[] sign(Map<String, Object> algorithm, Jca.Key key, byte[] data) throws HostOpException {
    String name = Jca.string(algorithm, "name");
    try {
      if (name.equals("HMAC")) {
        Mac mac = Mac.getInstance(Jca.hmac(Jca.hash(key.algorithm())));
        mac.init(new SecretKeySpec(key.data(), "HMAC"));
        return mac.doFinal(data);
      }
      Signature signature = signature(name, algorithm, key.algorithm());
      signature.initSign(Jca.privateKey(name, key.data()));
      signature.update(data);
      return signature.sign();
    } catch (GeneralSecurityException e) {
      throw SubtleErrors.operation(name + " signing failed: " + e.getMessage());
    }
  }

  /** The JCA signature of an asymmetric algorithm, with its parameters set. */
  static Signature signature(String name, Map<String, Object> algorithm, Map<String, Object> keyAlgorithm)
      throws HostOpException, GeneralSecurityException {
    return switch (name) {
      case "ECDSA" -> Signature.getInstance(
          Jca.hash(algorithm).replace("-", "") + "withECDSAinP1363Format");
      case "Ed25519" -> Signature.getInstance("Ed25519");
      case "RSASSA-PKCS1-v1_5" -> Signature.getInstance(Jca.hash(keyAlgorithm).replace("-", "") + "withRSA");
      case "RSA-PSS" -> {
        String hash = Jca.hash(keyAlgorithm);
        long salt = Jca.number(algorithm, "saltLength");
        if (salt < 0 || salt > Integer.MAX_VALUE) {
          throw SubtleErrors.operation("saltLength must be a non-negative integer");
        }
        Signature pss = Signature.getInstance("RSASSA-PSS");
        pss.setParameter(new PSSParameterSpec(hash, "MGF1", Jca.mgf1(hash), (int) salt, 1));
        yield pss;
      }
      default -> throw SubtleErrors.notSupported("Unrecognized signature algorithm: " + name);
    };
  }
}
