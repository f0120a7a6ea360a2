package dev.meridian.pop.isolate;

import com.caoccao.javet.enums.JSRuntimeType;
import com.caoccao.javet.interop.loader.IJavetLibLoadingListener;
import com.caoccao.javet.interop.loader.JavetLibLoader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where V8's native library is loaded from. Left to itself, Javet copies its 40 MB library out of
 * the jar into a new directory at every process start; this copies it once, per Javet version, into
 * {@code ~/.meridian/lib} (or the temporary directory when the home is not writable) and loads it
 * from there, which saves a node most of half a second at start.
 */
final class NativeLibrary implements IJavetLibLoadingListener {

  private static final Logger log = LoggerFactory.getLogger(NativeLibrary.class);
  private static final String FILE = "libjavet-v8-linux-x86_64.v." + JavetLibLoader.LIB_VERSION + ".so";

  private final File directory;

  private NativeLibrary(File directory) {
    this.directory = directory;
  }

  /** Installs the listener before Javet loads; falls back to Javet's own deployment if the copy fails. */
  static synchronized void install() {
    if (JavetLibLoader.class.getResource("/" + FILE) == null) {
      return; // not the Linux x86-64 build: Javet finds its own library
    }
    for (Path dir : new Path[] {
        Path.of(System.getProperty("user.home"), ".meridian", "lib"),
        Path.of(System.getProperty("java.io.tmpdir"), "meridian-lib-" + System.getProperty("user.name"))}) {
      try {
        Path target = dir.resolve(FILE);
        if (!Files.isRegularFile(target)) {
          Files.createDirectories(dir);
          Path partial = Files.createTempFile(dir, FILE, ".part");
          try (InputStream in = JavetLibLoader.class.getResourceAsStream("/" + FILE)) {
            Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
          }
          Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        JavetLibLoader.setLibLoadingListener(new NativeLibrary(dir.toFile()));
        return;
      } catch (IOException | RuntimeException e) {
        log.debug("event=native_library_cache_unusable dir={} error=\"{}\"", dir, e.toString());
      }
    }
  }

  @Override
  public File getLibPath(JSRuntimeType jsRuntimeType) {
    return directory;
  }

  @Override
  public boolean isDeploy(JSRuntimeType jsRuntimeType) {
    return false;
  }
}
