package dev.meridian.pop.api.subtle;

import dev.meridian.pop.api.HostOpException;
import java.math.BigInteger;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;

/**
 * {@code op_subtle_export_key(format, key)} for asymmetric keys: spki and pkcs8 as they are, raw
 * public keys (an uncompressed EC point, 32 bytes of a 25519 key) and the members of a JWK (RSA, EC,
 * OKP; JavaScript adds {@code alg}, {@code key_ops} and {@code ext}). A private key's public half,
 * which a JWK carries, is computed with BouncyCastle's curve arithmetic (the JDK has none public).
 * https://w3c.github.io/webcrypto/#SubtleCrypto-method-exportKey
 */
final class SubtleExportKey {

  private SubtleExportKey() {}

  static Object export(String format, Jca.Key key) throws HostOpException {
    String name = key.name();
    boolean isPrivate = key.type().equals("private");
    return switch (format) {
      case "spki" -> {
        requireType(key, "public", format);
        yield key.data();
      }
      case "pkcs8" -> {
        requireType(key, "private", format);
        yield key.data();
      }
      case "raw" -> {
        requireType(key, "public", format);
        yield switch (Jca.keyAlgorithm(name)) {
          case "EC" -> rawEcPublic(Jca.string(key.algorithm(), "namedCurve"), key.data());
          case "Ed25519", "X25519" -> Arrays.copyOfRange(key.data(), key.data().length - 32, key.data().length);
          default -> throw SubtleErrors.notSupported(name + " keys cannot be exported raw");
        };
      }
      case "jwk" -> isPrivate ? privateJwk(name, key) : publicJwk(name, key);
      default -> throw SubtleErrors.notSupported("Unsupported key format: " + format);
    };
  }

  private static void requireType(Jca.Key key, String type, String format) throws HostOpException {
    if (!key.type().equals(type)) {
      throw SubtleErrors.invalidAccess("Only a " + type + " key can be exported as " + format);
    }
  }

  private static Map<String, Object> publicJwk(String name, Jca.Key key) throws HostOpException {
    Map<String, Object> jwk = new HashMap<>();
    switch (Jca.keyAlgorithm(name)) {
      case "RSA" -> {
        RSAPublicKey rsa = (RSAPublicKey) Jca.publicKey(name, key.data());
        jwk.put("kty", "RSA");
        jwk.put("n", b64(Jca.unsigned(rsa.getModulus())));
        jwk.put("e", b64(Jca.unsigned(rsa.getPublicExponent())));
      }
      case "EC" -> {
        String curve = Jca.string(key.algorithm(), "namedCurve");
        ecMembers(jwk, curve, rawEcPublic(curve, key.data()));
      }
      default -> {
        jwk.put("kty", "OKP");
        jwk.put("crv", name);
        jwk.put("x", b64(Arrays.copyOfRange(key.data(), key.data().length - 32, key.data().length)));
      }
    }
    return jwk;
  }

  private static Map<String, Object> privateJwk(String name, Jca.Key key) throws HostOpException {
    Map<String, Object> jwk = new HashMap<>();
    switch (Jca.keyAlgorithm(name)) {
      case "RSA" -> {
        if (!(Jca.privateKey(name, key.data()) instanceof RSAPrivateCrtKey rsa)) {
          throw SubtleErrors.notSupported("An RSA private key without its CRT values cannot be exported as a JWK");
        }
        jwk.put("kty", "RSA");
        jwk.put("n", b64(Jca.unsigned(rsa.getModulus())));
        jwk.put("e", b64(Jca.unsigned(rsa.getPublicExponent())));
        jwk.put("d", b64(Jca.unsigned(rsa.getPrivateExponent())));
        jwk.put("p", b64(Jca.unsigned(rsa.getPrimeP())));
        jwk.put("q", b64(Jca.unsigned(rsa.getPrimeQ())));
        jwk.put("dp", b64(Jca.unsigned(rsa.getPrimeExponentP())));
        jwk.put("dq", b64(Jca.unsigned(rsa.getPrimeExponentQ())));
        jwk.put("qi", b64(Jca.unsigned(rsa.getCrtCoefficient())));
      }
      case "EC" -> {
        String curve = Jca.string(key.algorithm(), "namedCurve");
        BigInteger d = ((ECPrivateKey) Jca.privateKey(name, key.data())).getS();
        ecMembers(jwk, curve, ecPoint(curve, d));
        jwk.put("d", b64(Jca.unsigned(d, Jca.curveBytes(curve))));
      }
      default -> {
        byte[] seed = okpSeed(key.data());
        jwk.put("kty", "OKP");
        jwk.put("crv", name);
        jwk.put("x", b64(okpPublic(name, seed)));
        jwk.put("d", b64(seed));
      }
    }
    return jwk;
  }

  private static void ecMembers(Map<String, Object> jwk, String curve, byte[] point) throws HostOpException {
    int size = Jca.curveBytes(curve);
    jwk.put("kty", "EC");
    jwk.put("crv", curve);
    jwk.put("x", b64(Arrays.copyOfRange(point, 1, 1 + size)));
    jwk.put("y", b64(Arrays.copyOfRange(point, 1 + size, point.length)));
  }

  /** The uncompressed point (0x04 || x || y) of an EC public key in SPKI. */
  static byte[] rawEcPublic(String curve, byte[] spki) throws HostOpException {
    ECPublicKey key = (ECPublicKey) Jca.publicKey("ECDSA", spki);
    int size = Jca.curveBytes(curve);
    byte[] point = new byte[1 + 2 * size];
    point[0] = 4;
    System.arraycopy(Jca.unsigned(key.getW().getAffineX(), size), 0, point, 1, size);
    System.arraycopy(Jca.unsigned(key.getW().getAffineY(), size), 0, point, 1 + size, size);
    return point;
  }

  /** The uncompressed public point d·G on the curve. */
  static byte[] ecPoint(String curve, BigInteger d) throws HostOpException {
    X9ECParameters parameters = ECNamedCurveTable.getByName(Jca.curve(curve));
    return parameters.getG().multiply(d).normalize().getEncoded(false);
  }

  /**
   * The 32-byte private key inside a 25519 PKCS #8 (RFC 8410 § 7: an OCTET STRING inside the
   * privateKey OCTET STRING, last when there are no attributes and no public key, as keys here are).
   */
  private static byte[] okpSeed(byte[] pkcs8) throws HostOpException {
    int at = pkcs8.length - 34;
    if (at < 0 || pkcs8[at] != 0x04 || pkcs8[at + 1] != 0x20) {
      throw SubtleErrors.notSupported("A 25519 private key with attributes or a public key cannot be exported as a JWK");
    }
    return Arrays.copyOfRange(pkcs8, at + 2, pkcs8.length);
  }

  /** The public key of a 25519 private key. */
  static byte[] okpPublic(String name, byte[] seed) {
    return name.equals("Ed25519")
        ? new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded()
        : new X25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded();
  }

  private static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
