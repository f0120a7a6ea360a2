package dev.meridian.pop.api.subtle;

import dev.meridian.pop.api.HostOpException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Map;

/**
 * {@code op_subtle_generate_key(algorithm)}: a secret key's bytes ({@code {secret}}) for AES and HMAC,
 * or a key pair as PKCS #8 and SPKI ({@code {privateKey, publicKey}}) for RSA, EC and the 25519
 * algorithms. https://w3c.github.io/webcrypto/#SubtleCrypto-method-generateKey
 */
final class SubtleGenerateKey {

  /** The largest RSA modulus generated: past it, one call could hold an isolate's thread for minutes. */
  static final long MAX_RSA_MODULUS_BITS = 8192;

  private static final SecureRandom RANDOM = new SecureRandom();

  private SubtleGenerateKey() {}

  static Map<String, Object> generate(Map<String, Object> algorithm) throws HostOpException {
    String name = Jca.string(algorithm, "name");
    try {
      return switch (name) {
        case "AES-CBC", "AES-CTR", "AES-GCM", "AES-KW" -> {
          long length = Jca.number(algorithm, "length");
          if (length != 128 && length != 192 && length != 256) {
            throw SubtleErrors.operation("An AES key is 128, 192 or 256 bits, was " + length);
          }
          yield Map.of("secret", random((int) length / 8));
        }
        case "HMAC" -> {
          long length = algorithm.get("length") instanceof Number n ? n.longValue() : Jca.blockBits(Jca.hash(algorithm));
          if (length <= 0 || length % 8 != 0 || length > 8 * 1024 * 8) {
            throw SubtleErrors.operation("An HMAC key length must be a positive multiple of 8 bits, was " + length);
          }
          yield Map.of("secret", random((int) length / 8));
        }
        case "RSASSA-PKCS1-v1_5", "RSA-PSS", "RSA-OAEP" -> {
          long bits = Jca.number(algorithm, "modulusLength");
          BigInteger exponent = new BigInteger(1, Jca.bytes(algorithm, "publicExponent"));
          if (bits < 256 || bits > MAX_RSA_MODULUS_BITS || bits % 8 != 0) {
            throw SubtleErrors.operation("modulusLength must be a multiple of 8 from 256 to " + MAX_RSA_MODULUS_BITS
                + ", was " + bits);
          }
          if (!exponent.testBit(0) || exponent.compareTo(BigInteger.valueOf(3)) < 0) {
            throw SubtleErrors.operation("publicExponent must be an odd number of at least 3");
          }
          KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
          generator.initialize(new RSAKeyGenParameterSpec((int) bits, exponent), RANDOM);
          yield pair(generator.generateKeyPair());
        }
        case "ECDSA", "ECDH" -> {
          KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
          generator.initialize(new ECGenParameterSpec(Jca.curve(Jca.string(algorithm, "namedCurve"))), RANDOM);
          yield pair(generator.generateKeyPair());
        }
        case "Ed25519", "X25519" -> pair(KeyPairGenerator.getInstance(name).generateKeyPair());
        default -> throw SubtleErrors.notSupported("Unrecognized key generation algorithm: " + name);
      };
    } catch (GeneralSecurityException e) {
      throw SubtleErrors.operation(name + " key generation failed: " + e.getMessage());
    }
  }

  private static byte[] random(int bytes) {
    byte[] key = new byte[bytes];
    RANDOM.nextBytes(key);
    return key;
  }

  private static Map<String, Object> pair(KeyPair pair) {
    return Map.of("privateKey", pair.getPrivate().getEncoded(), "publicKey", pair.getPublic().getEncoded());
  }
}
