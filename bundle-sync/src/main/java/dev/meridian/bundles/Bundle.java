package dev.meridian.bundles;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.jspecify.annotations.Nullable;

/**
 * The immutable files of one worker version plus its {@link WorkerMetadata}, and their encoding: a
 * ZIP whose first entry is {@code meridian.json} (the metadata), then every file sorted by name,
 * all with one fixed timestamp, so the same files and metadata always encode to the same bytes and
 * the same {@link #hash()}. The hash (lowercase hex SHA-256 of the encoded bytes) names the bundle
 * everywhere: registry, manifests, PoP caches.
 *
 * <p>{@link #decode} is the one gate for untrusted bytes (uploads, downloads, the disk cache): it
 * throws {@link BundleException} and nothing else, whatever the input.
 *
 * <table>
 *   <caption>Limits</caption>
 *   <tr><th>limit</th><th>value</th><th>past it</th></tr>
 *   <tr><td>encoded size</td><td>{@link #MAX_BYTES} (64 MiB)</td><td>{@code BundleException}, reason TOO_LARGE</td></tr>
 *   <tr><td>inflated size of all entries</td><td>{@link #MAX_INFLATED_BYTES} (256 MiB)</td><td>{@code BundleException}, reason TOO_LARGE</td></tr>
 *   <tr><td>number of files</td><td>{@link #MAX_FILES}</td><td>{@code BundleException}, reason TOO_LARGE</td></tr>
 *   <tr><td>entry name length</td><td>{@link #MAX_NAME_LENGTH}</td><td>{@code BundleException}</td></tr>
 * </table>
 */
public final class Bundle {

  public static final int MAX_BYTES = 64 << 20;
  /** Guards against ZIP bombs: a small upload that inflates to gigabytes is refused while reading. */
  public static final long MAX_INFLATED_BYTES = 256L << 20;
  public static final int MAX_FILES = 10_000;
  public static final int MAX_NAME_LENGTH = 1024;
  /** The entry holding the metadata; no file of the worker may have this name. */
  public static final String METADATA_ENTRY = "meridian.json";

  /** 1980-01-01, the first DOS date: in range, so no extended-timestamp field is written. */
  private static final LocalDateTime FIXED_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);
  private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

  private final WorkerMetadata metadata;
  private final SortedMap<String, byte[]> files;
  private final byte[] encoded;
  private final String hash;

  private Bundle(WorkerMetadata metadata, SortedMap<String, byte[]> files, byte[] encoded) {
    this.metadata = metadata;
    this.files = Collections.unmodifiableSortedMap(files);
    this.encoded = encoded;
    this.hash = hashOf(encoded);
  }

  /**
   * A bundle of {@code files} (path inside the bundle → contents) described by {@code metadata}.
   *
   * @throws BundleException if the metadata does not validate, a name is not a safe relative path
   *     or is {@code meridian.json}, the main module is not among the files, or a limit is exceeded
   */
  public static Bundle of(WorkerMetadata metadata, Map<String, byte[]> files) throws BundleException {
    SortedMap<String, byte[]> copy = new TreeMap<>();
    long total = 0;
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      String problem = METADATA_ENTRY.equals(e.getKey()) ? METADATA_ENTRY + " is reserved for the worker's metadata"
          : entryNameProblem(e.getKey());
      if (problem != null) {
        throw new BundleException("file \"" + e.getKey() + "\": " + problem);
      }
      copy.put(e.getKey(), e.getValue().clone());
      total += e.getValue().length;
    }
    checkLimits(copy.size(), total);
    check(metadata, copy);
    byte[] encoded = encode(metadata, copy);
    if (encoded.length > MAX_BYTES) {
      throw tooLarge(encoded.length);
    }
    return new Bundle(metadata, copy, encoded);
  }

  /**
   * Reads an encoded bundle from untrusted bytes. The bundle keeps these exact bytes, so its
   * {@link #hash()} is theirs even if another encoder wrote them.
   *
   * @throws BundleException if the bytes are not a valid bundle; the message says why
   */
  public static Bundle decode(byte[] encoded) throws BundleException {
    return decode(encoded, MAX_INFLATED_BYTES);
  }

  /** {@link #decode(byte[])} with another inflated-size limit: tests build small ZIP bombs. */
  static Bundle decode(byte[] encoded, long maxInflated) throws BundleException {
    if (encoded.length > MAX_BYTES) {
      throw tooLarge(encoded.length);
    }
    byte[] bytes = encoded.clone();
    SortedMap<String, byte[]> files = new TreeMap<>();
    byte @Nullable [] meta = null;
    long total = 0;
    int entries = 0;
    try (ZipInputStream zin = new ZipInputStream(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8)) {
      ZipEntry e;
      while ((e = zin.getNextEntry()) != null) {
        entries++;
        String name = e.getName();
        if (name.endsWith("/")) {
          continue; // a directory entry some ZIP tools add; directories are implied by file names
        }
        String problem = entryNameProblem(name);
        if (problem != null) {
          throw new BundleException("entry \"" + printable(name) + "\": " + problem);
        }
        if (files.containsKey(name) || (meta != null && METADATA_ENTRY.equals(name))) {
          throw new BundleException("entry \"" + name + "\" appears twice");
        }
        byte[] content = readLimited(zin, maxInflated - total);
        total += content.length;
        if (METADATA_ENTRY.equals(name)) {
          meta = content;
        } else {
          files.put(name, content);
          if (files.size() > MAX_FILES) {
            throw new BundleException(BundleException.Reason.TOO_LARGE, "the bundle has more than " + MAX_FILES + " files");
          }
        }
      }
    } catch (BundleException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      // ZipException, EOFException, a malformed UTF-8 name (IllegalArgumentException): all mean a broken archive
      throw new BundleException("not a valid bundle: the ZIP archive is corrupt or truncated (" + e.getMessage() + ")", e);
    }
    if (entries == 0) {
      throw new BundleException("not a bundle: no ZIP entries found (is this a .zip made by meridian deploy?)");
    }
    if (meta == null) {
      throw new BundleException("not a bundle: " + METADATA_ENTRY + " is missing (bundles are made by meridian deploy)");
    }
    WorkerMetadata metadata;
    try {
      metadata = WorkerMetadata.fromJson(meta);
    } catch (IllegalArgumentException e) {
      throw new BundleException(METADATA_ENTRY + ": " + e.getMessage());
    }
    check(metadata, files);
    return new Bundle(metadata, files, bytes);
  }

  private static void check(WorkerMetadata metadata, Map<String, byte[]> files) throws BundleException {
    List<String> problems = metadata.problems();
    if (!problems.isEmpty()) {
      throw new BundleException("invalid worker config:\n  " + String.join("\n  ", problems));
    }
    if (!files.containsKey(metadata.main())) {
      throw new BundleException("the main module \"" + metadata.main() + "\" is not in the bundle (it has "
          + files.size() + " file(s)" + (files.isEmpty() ? "" : ", e.g. \"" + files.keySet().iterator().next() + "\"") + ")");
    }
  }

  private static void checkLimits(int fileCount, long inflated) throws BundleException {
    if (fileCount > MAX_FILES) {
      throw new BundleException(BundleException.Reason.TOO_LARGE, "the bundle has more than " + MAX_FILES + " files");
    }
    if (inflated > MAX_INFLATED_BYTES) {
      throw new BundleException(BundleException.Reason.TOO_LARGE,
          "the bundle's files add up to more than " + (MAX_INFLATED_BYTES >> 20) + " MiB");
    }
  }

  private static BundleException tooLarge(long size) {
    return new BundleException(BundleException.Reason.TOO_LARGE, "the bundle is " + size + " bytes; the limit is "
        + MAX_BYTES + " bytes (" + (MAX_BYTES >> 20) + " MiB): leave large assets out of the worker");
  }

  private static byte[] readLimited(InputStream in, long remaining) throws IOException, BundleException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    long read = 0;
    int n;
    while ((n = in.read(buf)) > 0) {
      read += n;
      if (read > remaining) {
        throw new BundleException(BundleException.Reason.TOO_LARGE, "the bundle's files inflate to more than "
            + (MAX_INFLATED_BYTES >> 20) + " MiB (a ZIP bomb?)");
      }
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  private static byte[] encode(WorkerMetadata metadata, SortedMap<String, byte[]> files) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
      zip.setLevel(Deflater.DEFAULT_COMPRESSION);
      put(zip, METADATA_ENTRY, metadata.toJson());
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        put(zip, f.getKey(), f.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return bytes.toByteArray();
  }

  private static void put(ZipOutputStream zip, String name, byte[] content) throws IOException {
    ZipEntry e = new ZipEntry(name);
    e.setTimeLocal(FIXED_TIME);
    zip.putNextEntry(e);
    zip.write(content);
    zip.closeEntry();
  }

  /**
   * Why {@code name} is not a safe path inside a bundle, or null if it is: relative, {@code /}
   * separated, no empty, {@code .} or {@code ..} segments, no backslashes or control characters.
   */
  static @Nullable String entryNameProblem(String name) {
    if (name.isEmpty()) {
      return "a file name is empty";
    }
    if (name.length() > MAX_NAME_LENGTH) {
      return "the name is longer than " + MAX_NAME_LENGTH + " characters";
    }
    if (name.startsWith("/") || name.matches("^[A-Za-z]:.*")) {
      return "absolute paths are not allowed; use a path relative to the worker's directory";
    }
    if (name.indexOf('\\') >= 0) {
      return "backslashes are not allowed; separate directories with /";
    }
    for (int i = 0; i < name.length(); i++) {
      if (name.charAt(i) < 0x20 || name.charAt(i) == 0x7f) {
        return "control characters are not allowed in file names";
      }
    }
    for (String segment : name.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return "empty, \".\" and \"..\" path segments are not allowed (no paths outside the bundle)";
      }
    }
    return null;
  }

  private static String printable(String name) {
    return name.replaceAll("\\p{Cntrl}", "?");
  }

  /** Lowercase hex SHA-256 of {@code bytes}: the name of a bundle whose encoding is {@code bytes}. */
  public static String hashOf(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** Whether {@code s} has the form of a bundle hash (64 lowercase hex digits); safe to use as a file name. */
  public static boolean isHash(String s) {
    return HASH.matcher(s).matches();
  }

  public WorkerMetadata metadata() {
    return metadata;
  }

  /** Path inside the bundle → contents, sorted by path. The arrays are shared: do not modify them. */
  public Map<String, byte[]> files() {
    return files;
  }

  /** One file's contents (shared, do not modify), or null if the bundle has no such file. */
  public byte @Nullable [] file(String name) {
    return files.get(name);
  }

  /** A copy of the encoded bytes (the ones {@link #hash()} is computed over). */
  public byte[] encode() {
    return encoded.clone();
  }

  /** The encoded size in bytes. */
  public int size() {
    return encoded.length;
  }

  /** Lowercase hex SHA-256 of {@link #encode()}. */
  public String hash() {
    return hash;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Bundle b && b.hash.equals(hash);
  }

  @Override
  public int hashCode() {
    return hash.hashCode();
  }

  @Override
  public String toString() {
    return "Bundle[" + metadata.name() + " " + hash.substring(0, 12) + ", " + files.size() + " files, " + encoded.length + " bytes]";
  }
}
