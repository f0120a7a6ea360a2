package dev.meridian.bundles.secrets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals secret values with AES-256-GCM. A sealed value is {@code v1.} followed by the unpadded
 * base64url of a random 96-bit nonce and the ciphertext with its 128-bit tag: authenticated, so a
 * changed or truncated value fails to open instead of opening to garbage.
 *
 * <p>The key is 32 random bytes, stored base64 in a key file created on first use with mode 0600
 * (written to a temporary file and linked into place, so two processes starting together agree on
 * one key). Every process that opens secrets (control plane, PoPs) must be given the same file.
 */
public final class Sealer {

  private static final String PREFIX = "v1.";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private final SecretKey key;
  private final SecureRandom random = new SecureRandom();

  /** Loads the key from {@code keyFile}, creating the file with a fresh key if it does not exist. */
  public Sealer(Path keyFile) throws IOException {
    this.key = new SecretKeySpec(loadOrCreate(keyFile), "AES");
  }

  private Sealer(byte[] key) {
    this.key = new SecretKeySpec(key, "AES");
  }

  /** A sealer with a key held in memory (tests, or a key delivered by other means). */
  public static Sealer ofKey(byte[] key) {
    if (key.length != 32) {
      throw new IllegalArgumentException("an AES-256 key is 32 bytes, got " + key.length);
    }
    return new Sealer(key.clone());
  }

  private static byte[] loadOrCreate(Path keyFile) throws IOException {
    if (!Files.exists(keyFile)) {
      byte[] fresh = new byte[32];
      new SecureRandom().nextBytes(fresh);
      Path dir = keyFile.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, ".key-", "", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      try {
        Files.writeString(tmp, Base64.getEncoder().encodeToString(fresh) + "\n");
        try {
          Files.createLink(keyFile, tmp); // unlike a rename, fails if the file exists
        } catch (FileAlreadyExistsException raced) {
          // another process created it first: use theirs
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(Files.readString(keyFile, StandardCharsets.US_ASCII).strip());
    } catch (IllegalArgumentException e) {
      throw new IOException("secret key file " + keyFile + " is not base64: restore it from backup (secrets sealed with it cannot be opened otherwise)");
    }
    if (key.length != 32) {
      throw new IOException("secret key file " + keyFile + " holds " + key.length + " bytes, not 32: restore it from backup");
    }
    return key;
  }

  /** Encrypts {@code plaintext}; sealing the same text twice gives different values. */
  public String seal(String plaintext) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      byte[] ct = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      byte[] out = new byte[NONCE_BYTES + ct.length];
      System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
      System.arraycopy(ct, 0, out, NONCE_BYTES, ct.length);
      return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is in every JDK", e);
    }
  }

  /**
   * Decrypts a value made by {@link #seal}.
   *
   * @throws IllegalArgumentException if the value is malformed, was changed, or was sealed with another key
   */
  public String open(String sealed) {
    if (!sealed.startsWith(PREFIX)) {
      throw new IllegalArgumentException("not a sealed value (it should start with \"" + PREFIX + "\")");
    }
    byte[] in;
    try {
      in = Base64.getUrlDecoder().decode(sealed.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("sealed value is not valid base64url");
    }
    if (in.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new IllegalArgumentException("sealed value is truncated");
    }
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
      return new String(c.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
    } catch (javax.crypto.AEADBadTagException e) {
      throw new IllegalArgumentException("sealed value does not open: it was changed, or sealed with another key file");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is in every JDK", e);
    }
  }
}
