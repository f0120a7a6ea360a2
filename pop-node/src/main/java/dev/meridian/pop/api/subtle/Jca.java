package dev.meridian.pop.api.subtle;

import dev.meridian.pop.api.HostOpException;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The one table from Web Crypto's names to the JDK's (JCA) names and key objects, and the readers
 * of the plain values the ops receive.
 *
 * <p>Keys cross from JavaScript as {@code {type, data}}: a secret key's raw bytes, a private key's
 * PKCS #8 DER, a public key's SPKI DER, so the host keeps no key between calls.
 */
final class Jca {

  private Jca() {}

  /** SHA-1, SHA-256, SHA-384, SHA-512: the JCA MessageDigest names are the same. */
  static String digest(String hash) throws HostOpException {
    return switch (hash) {
      case "SHA-1", "SHA-256", "SHA-384", "SHA-512" -> hash;
      default -> throw SubtleErrors.notSupported("Unrecognized hash algorithm: " + hash);
    };
  }

  static String hmac(String hash) throws HostOpException {
    return "Hmac" + digest(hash).replace("-", "");
  }

  static MGF1ParameterSpec mgf1(String hash) throws HostOpException {
    return new MGF1ParameterSpec(digest(hash));
  }

  /** The block size of the hash in bits: HMAC's default key length. */
  static int blockBits(String hash) throws HostOpException {
    return switch (digest(hash)) {
      case "SHA-384", "SHA-512" -> 1024;
      default -> 512;
    };
  }

  static int hashBytes(String hash) throws HostOpException {
    return switch (digest(hash)) {
      case "SHA-1" -> 20;
      case "SHA-256" -> 32;
      case "SHA-384" -> 48;
      default -> 64;
    };
  }

  /** The JCA curve of a Web Crypto named curve. */
  static String curve(String namedCurve) throws HostOpException {
    return switch (namedCurve) {
      case "P-256" -> "secp256r1";
      case "P-384" -> "secp384r1";
      case "P-521" -> "secp521r1";
      default -> throw SubtleErrors.notSupported("Unsupported named curve: " + namedCurve);
    };
  }

  /** The size in bytes of a coordinate (and a private scalar) on the curve. */
  static int curveBytes(String namedCurve) throws HostOpException {
    return switch (curve(namedCurve)) {
      case "secp256r1" -> 32;
      case "secp384r1" -> 48;
      default -> 66;
    };
  }

  static ECParameterSpec curveParameters(String namedCurve) throws HostOpException {
    try {
      AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
      parameters.init(new ECGenParameterSpec(curve(namedCurve)));
      return parameters.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw SubtleErrors.notSupported("The curve " + namedCurve + " is not available: " + e.getMessage());
    }
  }

  /** The JCA key algorithm of a Web Crypto algorithm with asymmetric keys. */
  static String keyAlgorithm(String algorithm) throws HostOpException {
    return switch (algorithm) {
      case "RSASSA-PKCS1-v1_5", "RSA-PSS", "RSA-OAEP" -> "RSA";
      case "ECDSA", "ECDH" -> "EC";
      case "Ed25519", "X25519" -> algorithm;
      default -> throw SubtleErrors.notSupported("No asymmetric keys for " + algorithm);
    };
  }

  static PrivateKey privateKey(String algorithm, byte[] pkcs8) throws HostOpException {
    try {
      return KeyFactory.getInstance(keyAlgorithm(algorithm)).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw SubtleErrors.data("Invalid " + algorithm + " private key: " + e.getMessage());
    }
  }

  static PublicKey publicKey(String algorithm, byte[] spki) throws HostOpException {
    try {
      return KeyFactory.getInstance(keyAlgorithm(algorithm)).generatePublic(new X509EncodedKeySpec(spki));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw SubtleErrors.data("Invalid " + algorithm + " public key: " + e.getMessage());
    }
  }

  // ---- reading the plain values of HostOp ----------------------------------------------------

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(@Nullable Object value, String what) throws HostOpException {
    if (value instanceof Map<?, ?> map) {
      return (Map<String, Object>) map;
    }
    throw SubtleErrors.data(what + " is missing");
  }

  static String string(Map<String, Object> map, String key) throws HostOpException {
    if (map.get(key) instanceof String s) {
      return s;
    }
    throw SubtleErrors.data("'" + key + "' is missing");
  }

  static byte[] bytes(Map<String, Object> map, String key) throws HostOpException {
    if (map.get(key) instanceof byte[] b) {
      return b;
    }
    throw SubtleErrors.data("'" + key + "' is missing");
  }

  static byte @Nullable [] optionalBytes(Map<String, Object> map, String key) {
    return map.get(key) instanceof byte[] b ? b : null;
  }

  static long number(Map<String, Object> map, String key) throws HostOpException {
    if (map.get(key) instanceof Number n) {
      return n.longValue();
    }
    throw SubtleErrors.data("'" + key + "' is missing");
  }

  /** The hash member of a normalized algorithm ({@code hash: "SHA-256"}). */
  static String hash(Map<String, Object> algorithm) throws HostOpException {
    return digest(string(algorithm, "hash"));
  }

  /** A key as it crosses: {@code {type, data, algorithm}}. */
  record Key(String type, byte[] data, Map<String, Object> algorithm) {
    static Key of(@Nullable Object value) throws HostOpException {
      Map<String, Object> map = map(value, "the key");
      return new Key(string(map, "type"), bytes(map, "data"), map(map.get("algorithm"), "the key's algorithm"));
    }

    String name() throws HostOpException {
      return string(algorithm, "name");
    }
  }

  /** An unsigned big-endian integer as Web Crypto writes it (no sign byte, no leading zeros). */
  static byte[] unsigned(BigInteger value) {
    byte[] bytes = value.toByteArray();
    if (bytes.length > 1 && bytes[0] == 0) {
      return java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    return bytes;
  }

  /** An unsigned big-endian integer padded on the left to {@code length} bytes. */
  static byte[] unsigned(BigInteger value, int length) {
    byte[] bytes = unsigned(value);
    byte[] padded = new byte[length];
    System.arraycopy(bytes, 0, padded, length - bytes.length, bytes.length);
    return padded;
  }

  static List<String> hashes() {
    return List.of("SHA-1", "SHA-256", "SHA-384", "SHA-512");
  }
}
