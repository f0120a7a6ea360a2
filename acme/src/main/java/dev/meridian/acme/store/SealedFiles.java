package dev.meridian.acme.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Set;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files encrypted at rest with AES-256-GCM under one key kept in a key file of its own.
 *
 * <p>The key file holds 32 random bytes, created with mode 0600 on first use; it can live on
 * another volume than the data. Each sealed file is {@code MSEAL1}, a random 12-byte nonce, then
 * the ciphertext and its 16-byte tag. The file's name is the additional authenticated data, so a
 * sealed file renamed or copied over another does not decrypt. Writes go to a temporary file that
 * is moved into place, so a crash leaves the old or the new content, never half of one.
 */
final class SealedFiles {

  private static final Logger log = LoggerFactory.getLogger(SealedFiles.class);

  private static final byte[] MAGIC = "MSEAL1".getBytes(StandardCharsets.US_ASCII);
  private static final int KEY_BYTES = 32;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
  private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_ATTRIBUTE =
      PosixFilePermissions.asFileAttribute(OWNER_ONLY);

  private final SecretKey key;
  private final SecureRandom random = new SecureRandom();

  private SealedFiles(SecretKey key) {
    this.key = key;
  }

  /** Reads the key in {@code keyFile}, creating it (mode 0600) with a new random key if absent. */
  static SealedFiles open(Path keyFile) throws IOException {
    byte[] keyBytes;
    try {
      Files.createDirectories(keyFile.toAbsolutePath().getParent());
      keyBytes = new byte[KEY_BYTES];
      new SecureRandom().nextBytes(keyBytes);
      Files.createFile(keyFile, OWNER_ONLY_ATTRIBUTE);
      Files.write(keyFile, keyBytes);
      log.info("event=store_key_created file={}", keyFile);
    } catch (FileAlreadyExistsException e) {
      keyBytes = Files.readAllBytes(keyFile);
      if (keyBytes.length != KEY_BYTES) {
        throw new IOException("key file " + keyFile + " holds " + keyBytes.length
            + " bytes instead of " + KEY_BYTES + ": restore the original key file (without it the"
            + " stored certificates cannot be read), or move the store away to start empty");
      }
      if (!Files.getPosixFilePermissions(keyFile).equals(OWNER_ONLY)) {
        log.warn("event=store_key_permissions file={} permissions={} expected=rw-------", keyFile,
            PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));
      }
    }
    return new SealedFiles(new SecretKeySpec(keyBytes, "AES"));
  }

  /** Encrypts {@code plaintext} into {@code file}, replacing it atomically. */
  void write(Path file, byte[] plaintext) throws IOException {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    byte[] sealed;
    try {
      Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, file);
      byte[] ciphertext = cipher.doFinal(plaintext);
      sealed = new byte[MAGIC.length + NONCE_BYTES + ciphertext.length];
      System.arraycopy(MAGIC, 0, sealed, 0, MAGIC.length);
      System.arraycopy(nonce, 0, sealed, MAGIC.length, NONCE_BYTES);
      System.arraycopy(ciphertext, 0, sealed, MAGIC.length + NONCE_BYTES, ciphertext.length);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM is not available in this JDK", e);
    }
    Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), ".seal-", ".tmp",
        OWNER_ONLY_ATTRIBUTE);
    try {
      Files.write(temp, sealed);
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * Decrypts {@code file}.
   *
   * @throws IOException when it cannot be read, is not a sealed file, or fails authentication
   *     (another key, a renamed file, or changed bytes); the message says which
   */
  byte[] read(Path file) throws IOException {
    byte[] sealed = Files.readAllBytes(file);
    if (sealed.length < MAGIC.length + NONCE_BYTES + TAG_BITS / 8
        || !Arrays.equals(sealed, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new IOException(file + " is not a sealed store file (no MSEAL1 header)");
    }
    byte[] nonce = Arrays.copyOfRange(sealed, MAGIC.length, MAGIC.length + NONCE_BYTES);
    try {
      Cipher cipher = cipher(Cipher.DECRYPT_MODE, nonce, file);
      return cipher.doFinal(sealed, MAGIC.length + NONCE_BYTES,
          sealed.length - MAGIC.length - NONCE_BYTES);
    } catch (AEADBadTagException e) {
      throw new IOException(file + " does not decrypt with this store's key: it was written with"
          + " another key file, renamed, or changed", e);
    } catch (GeneralSecurityException e) {
      throw new IOException(file + " cannot be decrypted: " + e.getMessage(), e);
    }
  }

  private Cipher cipher(int mode, byte[] nonce, Path file) throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
    cipher.updateAAD(file.getFileName().toString().getBytes(StandardCharsets.UTF_8));
    return cipher;
  }
}
