package dev.meridian.pop.isolate;

import com.caoccao.javet.interop.loader.JavetLibLoader;
import com.caoccao.javet.interop.options.V8RuntimeOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Startup snapshots kept on disk, so that a node pays for running the web API's scripts once per
 * version of them rather than once per process start. A snapshot is named by the SHA-256 of every
 * script (name and text), the Javet/V8 version and the V8 flags, so it is only ever loaded into the
 * V8 that made it from the scripts it holds; it is written to a temporary file and moved into place,
 * so a reader never sees half of one.
 */
final class SnapshotCache {

  private static final Logger log = LoggerFactory.getLogger(SnapshotCache.class);

  private final @Nullable Path directory;

  private SnapshotCache(@Nullable Path directory) {
    this.directory = directory;
  }

  /** A cache in {@code directory}. */
  static SnapshotCache in(Path directory) {
    return new SnapshotCache(directory);
  }

  /** No cache: every call builds. */
  static SnapshotCache none() {
    return new SnapshotCache(null);
  }

  byte[] get(List<String[]> scripts, Supplier<byte[]> build) {
    if (directory == null) {
      return build.get();
    }
    Path file = directory.resolve("snapshot-" + key(scripts) + ".bin");
    try {
      if (Files.isRegularFile(file)) {
        return Files.readAllBytes(file);
      }
    } catch (IOException e) {
      log.warn("event=snapshot_cache_unreadable file={} error=\"{}\"", file, e.toString());
    }
    byte[] snapshot = build.get();
    try {
      Files.createDirectories(directory);
      Path partial = Files.createTempFile(directory, "snapshot", ".part");
      Files.write(partial, snapshot);
      Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      log.warn("event=snapshot_cache_unwritable dir={} error=\"{}\"", directory, e.toString());
    }
    return snapshot;
  }

  private static String key(List<String[]> scripts) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(("javet " + JavetLibLoader.LIB_VERSION + "\0" + "max-old-space " + V8RuntimeOptions.V8_FLAGS.getMaxOldSpaceSize() + "\0")
          .getBytes(StandardCharsets.UTF_8));
      for (String[] script : scripts) {
        sha.update(script[0].getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(script[1].getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
      }
      return HexFormat.of().formatHex(sha.digest(), 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
