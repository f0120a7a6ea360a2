package dev.meridian.pop.api.subtle;

import dev.meridian.pop.api.HostOpException;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code op_subtle_encrypt(algorithm, key, data)} and, with {@code decrypt}, its inverse: AES-CBC,
 * AES-CTR, AES-GCM, AES-KW (RFC 3394, for wrapKey) and RSA-OAEP.
 * https://w3c.github.io/webcrypto/#SubtleCrypto-method-encrypt
 */
final class SubtleEncrypt {

  private static final Set<Long> GCM_TAG_LENGTHS = Set.of(32L, 64L, 96L, 104L, 112L, 120L, 128L);

  private SubtleEncrypt() {}

  static byte[] encrypt(Map<String, Object> algorithm, Jca.Key key, byte[] data) throws HostOpException {
    return run(Cipher.ENCRYPT_MODE, algorithm, key, data);
  }

  /** Encryption and decryption share their parameter checks; {@code mode} picks the direction. */
  static byte[] run(int mode, Map<String, Object> algorithm, Jca.Key key, byte[] data) throws HostOpException {
    String name = Jca.string(algorithm, "name");
    boolean decrypt = mode == Cipher.DECRYPT_MODE;
    try {
      switch (name) {
        case "AES-CBC" -> {
          byte[] iv = Jca.bytes(algorithm, "iv");
          if (iv.length != 16) {
            throw SubtleErrors.operation("AES-CBC needs an iv of 16 bytes, was " + iv.length);
          }
          Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
          cipher.init(mode, aes(key), new IvParameterSpec(iv));
          return cipher.doFinal(data);
        }
        case "AES-CTR" -> {
          return ctr(mode, algorithm, key, data);
        }
        case "AES-GCM" -> {
          byte[] iv = Jca.bytes(algorithm, "iv");
          long tagLength = algorithm.get("tagLength") instanceof Number n ? n.longValue() : 128;
          if (!GCM_TAG_LENGTHS.contains(tagLength)) {
            throw SubtleErrors.operation("AES-GCM tagLength must be 32, 64, 96, 104, 112, 120 or 128, was " + tagLength);
          }
          if (iv.length == 0) {
            throw SubtleErrors.operation("AES-GCM needs a non-empty iv");
          }
          if (decrypt && data.length < tagLength / 8) {
            throw SubtleErrors.operation("The AES-GCM data is shorter than its tag");
          }
          Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
          cipher.init(mode, aes(key), new GCMParameterSpec((int) tagLength, iv));
          byte[] additional = Jca.optionalBytes(algorithm, "additionalData");
          if (additional != null) {
            cipher.updateAAD(additional);
          }
          return cipher.doFinal(data);
        }
        case "AES-KW" -> {
          if (data.length % 8 != 0 || data.length < (decrypt ? 24 : 16)) {
            throw SubtleErrors.operation("AES-KW " + (decrypt ? "unwraps" : "wraps")
                + " a multiple of 8 bytes, at least " + (decrypt ? 24 : 16) + "; was " + data.length);
          }
          Cipher cipher = Cipher.getInstance("AES/KW/NoPadding");
          cipher.init(mode, aes(key));
          return cipher.doFinal(data);
        }
        case "RSA-OAEP" -> {
          String hash = Jca.hash(key.algorithm());
          byte[] label = Jca.optionalBytes(algorithm, "label");
          Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
          OAEPParameterSpec spec = new OAEPParameterSpec(hash, "MGF1", Jca.mgf1(hash),
              label == null ? PSource.PSpecified.DEFAULT : new PSource.PSpecified(label));
          if (decrypt) {
            cipher.init(mode, Jca.privateKey(name, key.data()), spec);
          } else {
            cipher.init(mode, Jca.publicKey(name, key.data()), spec);
          }
          return cipher.doFinal(data);
        }
        default -> throw SubtleErrors.notSupported("Unrecognized " + (decrypt ? "decryption" : "encryption")
            + " algorithm: " + name);
      }
    } catch (GeneralSecurityException e) {
      throw SubtleErrors.operation(name + (decrypt ? " decryption" : " encryption") + " failed: " + e.getMessage());
    }
  }

  private static SecretKeySpec aes(Jca.Key key) throws HostOpException {
    int length = key.data().length;
    if (length != 16 && length != 24 && length != 32) {
      throw SubtleErrors.data("An AES key is 128, 192 or 256 bits, was " + length * 8);
    }
    return new SecretKeySpec(key.data(), "AES");
  }

  /**
   * AES-CTR where only the rightmost {@code length} bits of the counter block count up and wrap, as
   * Web Crypto says; the JDK's CTR mode counts with the whole block, so the data is split where the
   * counter bits wrap to zero.
   */
  private static byte[] ctr(int mode, Map<String, Object> algorithm, Jca.Key key, byte[] data)
      throws HostOpException, GeneralSecurityException {
    byte[] counter = Jca.bytes(algorithm, "counter");
    long length = Jca.number(algorithm, "length");
    if (counter.length != 16) {
      throw SubtleErrors.operation("AES-CTR needs a counter of 16 bytes, was " + counter.length);
    }
    if (length < 1 || length > 128) {
      throw SubtleErrors.operation("AES-CTR's length must be from 1 to 128 bits, was " + length);
    }
    BigInteger modulus = BigInteger.ONE.shiftLeft((int) length);
    BigInteger value = new BigInteger(1, counter);
    BigInteger low = value.mod(modulus);
    long blocks = (data.length + 15L) / 16;
    if (BigInteger.valueOf(blocks).compareTo(modulus) > 0) {
      throw SubtleErrors.operation("The data is too long for AES-CTR with a " + length + "-bit counter");
    }
    BigInteger beforeWrap = modulus.subtract(low);
    Cipher cipher = Cipher.getInstance("AES/CTR/NoPadding");
    if (BigInteger.valueOf(blocks).compareTo(beforeWrap) <= 0) {
      cipher.init(mode, aes(key), new IvParameterSpec(counter));
      return cipher.doFinal(data);
    }
    int split = beforeWrap.intValueExact() * 16;
    ByteArrayOutputStream out = new ByteArrayOutputStream(data.length);
    cipher.init(mode, aes(key), new IvParameterSpec(counter));
    out.writeBytes(cipher.doFinal(Arrays.copyOfRange(data, 0, split)));
    byte[] wrapped = Jca.unsigned(value.subtract(low), 16);
    cipher.init(mode, aes(key), new IvParameterSpec(wrapped));
    out.writeBytes(cipher.doFinal(Arrays.copyOfRange(data, split, data.length)));
    return out.toByteArray();
  }
}
