package dev.meridian.bundles.store;

import dev.meridian.bundles.Bundle;
import dev.meridian.bundles.BundleException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.jspecify.annotations.Nullable;

/**
 * A {@link BundleStore} on local disk: {@code dir/ab/abcdef…} (the first two hex digits as a
 * directory, so no directory grows past a few thousand entries). A bundle is written to a temporary
 * file in its directory and moved into place atomically, so a reader sees the whole file or none,
 * and a crash leaves at worst a temporary file (named {@code .tmp-…}, never a valid hash).
 *
 * <p>Limit: {@code maxBytes} per bundle (at most {@link Bundle#MAX_BYTES}); a larger upload is
 * refused with a {@link BundleException} of reason {@code TOO_LARGE} before it is decoded.
 */
public final class FileBundleStore implements BundleStore {

  private final Path dir;
  private final long maxBytes;

  public FileBundleStore(Path dir, long maxBytes) throws IOException {
    if (maxBytes <= 0 || maxBytes > Bundle.MAX_BYTES) {
      throw new IllegalArgumentException("maxBytes " + maxBytes + " must be in 1.." + Bundle.MAX_BYTES);
    }
    this.dir = Files.createDirectories(dir);
    this.maxBytes = maxBytes;
  }

  @Override
  public String put(byte[] encoded) throws BundleException, IOException {
    if (encoded.length > maxBytes) {
      throw new BundleException(BundleException.Reason.TOO_LARGE, "the bundle is " + encoded.length
          + " bytes; this registry accepts at most " + maxBytes + " bytes per bundle: leave large assets out of the worker");
    }
    String hash = Bundle.decode(encoded).hash();
    Path target = pathOf(hash);
    if (Files.exists(target)) {
      return hash;
    }
    Files.createDirectories(target.getParent());
    Path tmp = Files.createTempFile(target.getParent(), ".tmp-", "");
    try {
      Files.write(tmp, encoded);
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
        if (!Files.exists(target)) {
          throw e;
        }
        // a concurrent put of the same bundle won: the content is the same
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
    return hash;
  }

  @Override
  public byte @Nullable [] get(String hash) throws IOException {
    if (!Bundle.isHash(hash)) {
      return null;
    }
    try {
      return Files.readAllBytes(pathOf(hash));
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  @Override
  public boolean contains(String hash) {
    return Bundle.isHash(hash) && Files.exists(pathOf(hash));
  }

  private Path pathOf(String hash) {
    return dir.resolve(hash.substring(0, 2)).resolve(hash);
  }

  @Override
  public String toString() {
    return "FileBundleStore[" + dir + "]";
  }
}
