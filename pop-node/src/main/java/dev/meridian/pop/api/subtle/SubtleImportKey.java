package dev.meridian.pop.api.subtle;

import dev.meridian.pop.api.HostOpException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.KeySpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code op_subtle_import_key(format, keyData, algorithm)} for asymmetric keys (secret keys are bytes
 * already, handled in JavaScript): spki, pkcs8, raw (EC points, 25519 public keys) and jwk (RSA, EC,
 * OKP), always turned into PKCS #8 or SPKI DER. Answers {@code {type, data}} and, for RSA, {@code
 * modulusLength} and {@code publicExponent}. https://w3c.github.io/webcrypto/#SubtleCrypto-method-importKey
 */
final class SubtleImportKey {

  /** DER prefixes of a 25519 key's SPKI and PKCS #8 (RFC 8410), to which the 32 key bytes are appended. */
  static final byte[] ED25519_SPKI = hex("302a300506032b6570032100");
  static final byte[] ED25519_PKCS8 = hex("302e020100300506032b657004220420");
  static final byte[] X25519_SPKI = hex("302a300506032b656e032100");
  static final byte[] X25519_PKCS8 = hex("302e020100300506032b656e04220420");

  private SubtleImportKey() {}

  static Map<String, Object> importKey(String format, Object keyData, Map<String, Object> algorithm)
      throws HostOpException {
    String name = Jca.string(algorithm, "name");
    Key key = switch (format) {
      case "spki" -> Jca.publicKey(name, bytes(keyData));
      case "pkcs8" -> Jca.privateKey(name, bytes(keyData));
      case "raw" -> Jca.publicKey(name, rawPublic(name, algorithm, bytes(keyData)));
      case "jwk" -> jwk(name, algorithm, Jca.map(keyData, "the JWK"));
      default -> throw SubtleErrors.notSupported("Unsupported key format: " + format);
    };
    checkMatches(name, algorithm, key);
    Map<String, Object> result = new HashMap<>();
    result.put("type", key instanceof java.security.PrivateKey ? "private" : "public");
    result.put("data", key.getEncoded());
    if (key instanceof RSAKey rsa) {
      result.put("modulusLength", (double) rsa.getModulus().bitLength());
      result.put("publicExponent", Jca.unsigned(publicExponent(key)));
    }
    return result;
  }

  private static byte[] bytes(Object keyData) throws HostOpException {
    if (keyData instanceof byte[] b) {
      return b;
    }
    throw SubtleErrors.data("The key data must be a BufferSource for this format");
  }

  /** The key's algorithm must be the one asked for: an EC key on the named curve, an OKP key of that name. */
  private static void checkMatches(String name, Map<String, Object> algorithm, Key key) throws HostOpException {
    if (key instanceof ECKey ec) {
      ECParameterSpec expected = Jca.curveParameters(Jca.string(algorithm, "namedCurve"));
      if (!ec.getParams().getCurve().equals(expected.getCurve()) || !ec.getParams().getGenerator().equals(expected.getGenerator())) {
        throw SubtleErrors.data("The key is not on the curve " + algorithm.get("namedCurve"));
      }
    }
    if (!key.getAlgorithm().equals(Jca.keyAlgorithm(name))
        && !(key.getAlgorithm().equals("EdDSA") && name.equals("Ed25519"))
        && !(key.getAlgorithm().equals("XDH") && name.equals("X25519"))) {
      throw SubtleErrors.data("The key is a " + key.getAlgorithm() + " key, not one for " + name);
    }
  }

  private static BigInteger publicExponent(Key key) {
    if (key instanceof java.security.interfaces.RSAPublicKey pub) {
      return pub.getPublicExponent();
    }
    return ((java.security.interfaces.RSAPrivateCrtKey) key).getPublicExponent();
  }

  /** A raw public key as SPKI: an uncompressed EC point, or 32 bytes of Ed25519 or X25519. */
  static byte[] rawPublic(String name, Map<String, Object> algorithm, byte[] raw) throws HostOpException {
    switch (name) {
      case "ECDSA", "ECDH" -> {
        String curve = Jca.string(algorithm, "namedCurve");
        int size = Jca.curveBytes(curve);
        if (raw.length != 1 + 2 * size || raw[0] != 4) {
          throw SubtleErrors.data("A raw " + curve + " public key is an uncompressed point of " + (1 + 2 * size)
              + " bytes starting with 0x04");
        }
        ECPoint point = new ECPoint(new BigInteger(1, Arrays.copyOfRange(raw, 1, 1 + size)),
            new BigInteger(1, Arrays.copyOfRange(raw, 1 + size, raw.length)));
        return generate("EC", new ECPublicKeySpec(point, Jca.curveParameters(curve))).getEncoded();
      }
      case "Ed25519", "X25519" -> {
        if (raw.length != 32) {
          throw SubtleErrors.data("A raw " + name + " public key is 32 bytes, was " + raw.length);
        }
        return concat(name.equals("Ed25519") ? ED25519_SPKI : X25519_SPKI, raw);
      }
      default -> throw SubtleErrors.notSupported(name + " keys cannot be imported raw");
    }
  }

  private static Key jwk(String name, Map<String, Object> algorithm, Map<String, Object> jwk) throws HostOpException {
    String kty = Jca.string(jwk, "kty");
    boolean isPrivate = jwk.get("d") != null;
    switch (Jca.keyAlgorithm(name)) {
      case "RSA" -> {
        expect(kty, "RSA");
        BigInteger n = big(jwk, "n");
        BigInteger e = big(jwk, "e");
        if (!isPrivate) {
          return generate("RSA", new RSAPublicKeySpec(n, e));
        }
        if (jwk.get("oth") != null) {
          throw SubtleErrors.notSupported("RSA keys with more than two primes are not supported");
        }
        return generate("RSA", new RSAPrivateCrtKeySpec(n, e, big(jwk, "d"), big(jwk, "p"), big(jwk, "q"),
            big(jwk, "dp"), big(jwk, "dq"), big(jwk, "qi")));
      }
      case "EC" -> {
        expect(kty, "EC");
        String curve = Jca.string(algorithm, "namedCurve");
        if (!curve.equals(jwk.get("crv"))) {
          throw SubtleErrors.data("The JWK's crv is " + jwk.get("crv") + ", not " + curve);
        }
        int size = Jca.curveBytes(curve);
        byte[] x = fixed(jwk, "x", size);
        byte[] y = fixed(jwk, "y", size);
        ECParameterSpec parameters = Jca.curveParameters(curve);
        Key publicKey = generate("EC", new ECPublicKeySpec(
            new ECPoint(new BigInteger(1, x), new BigInteger(1, y)), parameters));
        if (!isPrivate) {
          return publicKey;
        }
        BigInteger d = new BigInteger(1, fixed(jwk, "d", size));
        byte[] derived = SubtleExportKey.ecPoint(curve, d);
        if (!Arrays.equals(derived, SubtleExportKey.rawEcPublic(curve, publicKey.getEncoded()))) {
          throw SubtleErrors.data("The JWK's d does not belong to its x and y");
        }
        return generate("EC", new ECPrivateKeySpec(d, parameters));
      }
      default -> {
        expect(kty, "OKP");
        if (!name.equals(jwk.get("crv"))) {
          throw SubtleErrors.data("The JWK's crv is " + jwk.get("crv") + ", not " + name);
        }
        byte[] x = fixed(jwk, "x", 32);
        if (!isPrivate) {
          return Jca.publicKey(name, concat(name.equals("Ed25519") ? ED25519_SPKI : X25519_SPKI, x));
        }
        byte[] d = fixed(jwk, "d", 32);
        if (!Arrays.equals(x, SubtleExportKey.okpPublic(name, d))) {
          throw SubtleErrors.data("The JWK's d does not belong to its x");
        }
        return Jca.privateKey(name, concat(name.equals("Ed25519") ? ED25519_PKCS8 : X25519_PKCS8, d));
      }
    }
  }

  private static void expect(String kty, String wanted) throws HostOpException {
    if (!kty.equals(wanted)) {
      throw SubtleErrors.data("The JWK's kty is " + kty + ", not " + wanted);
    }
  }

  private static Key generate(String algorithm, KeySpec spec) throws HostOpException {
    try {
      KeyFactory factory = KeyFactory.getInstance(algorithm);
      return spec instanceof ECPrivateKeySpec || spec instanceof RSAPrivateCrtKeySpec
          ? factory.generatePrivate(spec) : factory.generatePublic(spec);
    } catch (GeneralSecurityException | RuntimeException e) {
      throw SubtleErrors.data("Invalid key data: " + e.getMessage());
    }
  }

  static byte[] base64url(Map<String, Object> jwk, String member) throws HostOpException {
    try {
      return Base64.getUrlDecoder().decode(Jca.string(jwk, member));
    } catch (IllegalArgumentException e) {
      throw SubtleErrors.data("The JWK's " + member + " is not base64url: " + e.getMessage());
    }
  }

  private static BigInteger big(Map<String, Object> jwk, String member) throws HostOpException {
    byte[] bytes = base64url(jwk, member);
    if (bytes.length == 0) {
      throw SubtleErrors.data("The JWK's " + member + " is empty");
    }
    return new BigInteger(1, bytes);
  }

  private static byte[] fixed(Map<String, Object> jwk, String member, int size) throws HostOpException {
    byte[] bytes = base64url(jwk, member);
    if (bytes.length != size) {
      throw SubtleErrors.data("The JWK's " + member + " must be " + size + " bytes, was " + bytes.length);
    }
    return bytes;
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static byte[] hex(String hex) {
    return java.util.HexFormat.of().parseHex(hex);
  }
}
