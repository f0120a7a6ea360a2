package dev.meridian.pop.wasm;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The files of a worker's bundle as a read-only filesystem, the only one its guest can open: the
 * files are packed into a zip and opened with the JDK's zip filesystem in {@code readOnly} mode, so
 * nothing of the host shows through and a write fails in the guest with an error, for every
 * request alike. The zip lives in the temporary directory until the filesystem is closed (the JDK's
 * zip filesystem looks the file up again when it closes).
 */
final class BundleFileSystem {

  private BundleFileSystem() {}

  /** A bundle's files, open read-only; {@link #close} also deletes the zip. */
  record Open(FileSystem fs, Path zip) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      try {
        fs.close();
      } finally {
        Files.deleteIfExists(zip);
      }
    }
  }

  static Open of(Map<String, byte[]> files) throws IOException {
    Path zip = Files.createTempFile("meridian-wasm-bundle-", ".zip");
    try {
      try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream zipOut = new ZipOutputStream(out)) {
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
          zipOut.putNextEntry(new ZipEntry(file.getKey()));
          zipOut.write(file.getValue());
          zipOut.closeEntry();
        }
      }
      return new Open(FileSystems.newFileSystem(URI.create("jar:" + zip.toUri()), Map.of("accessMode", "readOnly")),
          zip);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(zip);
      throw e;
    }
  }
}
