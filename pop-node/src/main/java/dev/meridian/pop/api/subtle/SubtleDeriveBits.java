package dev.meridian.pop.api.subtle;

import dev.meridian.pop.api.HostOpException;
import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Map;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * {@code op_subtle_derive_bits(algorithm, baseKey, length)}: ECDH and X25519 agreement, HKDF (RFC
 * 5869) and PBKDF2 (RFC 8018 § 5.2), the last two written out on HMAC so that a password or key of
 * any bytes works (the JCA's PBKDF2 takes characters). {@code length} is in bits; null asks for all
 * of an agreement's output. https://w3c.github.io/webcrypto/#SubtleCrypto-method-deriveBits
 */
final class SubtleDeriveBits {

  /** PBKDF2 iterations past which one call could hold an isolate's thread far beyond any CPU limit. */
  static final long MAX_PBKDF2_ITERATIONS = 10_000_000;

  private SubtleDeriveBits() {}

  static byte[] derive(Map<String, Object> algorithm, Jca.Key key, @Nullable Long length) throws HostOpException {
    String name = Jca.string(algorithm, "name");
    try {
      return switch (name) {
        case "ECDH", "X25519" -> {
          Jca.Key peer = Jca.Key.of(algorithm.get("public"));
          KeyAgreement agreement = KeyAgreement.getInstance(name.equals("ECDH") ? "ECDH" : "X25519");
          agreement.init(Jca.privateKey(name, key.data()));
          agreement.doPhase(Jca.publicKey(name, peer.data()), true);
          byte[] secret = agreement.generateSecret();
          if (name.equals("X25519") && allZero(secret)) {
            throw SubtleErrors.operation("The X25519 shared secret is all zeros (a small-order public key)");
          }
          yield truncate(secret, length);
        }
        case "HKDF" -> hkdf(algorithm, key.data(), bits(length, name));
        case "PBKDF2" -> pbkdf2(algorithm, key.data(), bits(length, name));
        default -> throw SubtleErrors.notSupported("Unrecognized key derivation algorithm: " + name);
      };
    } catch (GeneralSecurityException e) {
      throw SubtleErrors.operation(name + " failed: " + e.getMessage());
    }
  }

  private static long bits(@Nullable Long length, String name) throws HostOpException {
    if (length == null || length % 8 != 0) {
      throw SubtleErrors.operation(name + " derives a length that is a multiple of 8 bits, was " + length);
    }
    return length;
  }

  private static byte[] truncate(byte[] secret, @Nullable Long length) throws HostOpException {
    if (length == null) {
      return secret;
    }
    if (length > secret.length * 8L) {
      throw SubtleErrors.operation("Asked for " + length + " bits; the agreement gives " + secret.length * 8);
    }
    byte[] out = Arrays.copyOf(secret, (int) ((length + 7) / 8));
    int spare = (int) (out.length * 8 - length);
    if (spare > 0) {
      out[out.length - 1] &= (byte) (0xff << spare);
    }
    return out;
  }

  private static boolean allZero(byte[] bytes) {
    int or = 0;
    for (byte b : bytes) {
      or |= b;
    }
    return or == 0;
  }

  /** RFC 5869 § 2.2 and § 2.3. */
  private static byte[] hkdf(Map<String, Object> algorithm, byte[] ikm, long bits)
      throws HostOpException, GeneralSecurityException {
    String hmac = Jca.hmac(Jca.hash(algorithm));
    int hashLength = Jca.hashBytes(Jca.hash(algorithm));
    byte[] salt = Jca.bytes(algorithm, "salt");
    byte[] info = Jca.bytes(algorithm, "info");
    int length = (int) (bits / 8);
    if (length > 255 * hashLength) {
      throw SubtleErrors.operation("HKDF derives at most " + 255 * hashLength * 8 + " bits with this hash");
    }
    Mac mac = Mac.getInstance(hmac);
    mac.init(new SecretKeySpec(salt.length == 0 ? new byte[hashLength] : salt, hmac));
    byte[] prk = mac.doFinal(ikm);
    mac.init(new SecretKeySpec(prk, hmac));
    ByteArrayOutputStream okm = new ByteArrayOutputStream(length + hashLength);
    byte[] t = new byte[0];
    for (int i = 1; okm.size() < length; i++) {
      mac.update(t);
      mac.update(info);
      mac.update((byte) i);
      t = mac.doFinal();
      okm.writeBytes(t);
    }
    return Arrays.copyOf(okm.toByteArray(), length);
  }

  /** RFC 8018 § 5.2. */
  private static byte[] pbkdf2(Map<String, Object> algorithm, byte[] password, long bits)
      throws HostOpException, GeneralSecurityException {
    String hmac = Jca.hmac(Jca.hash(algorithm));
    byte[] salt = Jca.bytes(algorithm, "salt");
    long iterations = Jca.number(algorithm, "iterations");
    if (iterations < 1 || iterations > MAX_PBKDF2_ITERATIONS) {
      throw SubtleErrors.operation("PBKDF2 iterations must be from 1 to " + MAX_PBKDF2_ITERATIONS + ", was " + iterations);
    }
    if (bits == 0) {
      throw SubtleErrors.operation("PBKDF2 cannot derive 0 bits");
    }
    int length = (int) (bits / 8);
    Mac mac = Mac.getInstance(hmac);
    // An empty HMAC key is valid for HMAC, but SecretKeySpec refuses it; a zero byte pads to the same.
    mac.init(new SecretKeySpec(password.length == 0 ? new byte[1] : password, hmac));
    int hashLength = mac.getMacLength();
    byte[] out = new byte[length];
    for (int block = 1, offset = 0; offset < length; block++, offset += hashLength) {
      mac.update(salt);
      mac.update(new byte[] {(byte) (block >>> 24), (byte) (block >>> 16), (byte) (block >>> 8), (byte) block});
      byte[] u = mac.doFinal();
      byte[] t = u.clone();
      for (long i = 1; i < iterations; i++) {
        u = mac.doFinal(u);
        for (int j = 0; j < t.length; j++) {
          t[j] ^= u[j];
        }
      }
      System.arraycopy(t, 0, out, offset, Math.min(hashLength, length - offset));
    }
    return out;
  }
}
