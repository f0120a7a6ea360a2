package dev.meridian.bundles.fetch;

import dev.meridian.bundles.Bundle;
import dev.meridian.bundles.BundleException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verified bundles on a PoP's disk, {@code dir/<hash>.bundle}, at most {@code maxBytes} in all:
 * past that, the least recently used are deleted. Recency is each file's modification time (set on
 * every put and get, strictly increasing), so the order survives a restart: the index is rebuilt
 * from the directory when the cache opens.
 *
 * <p>Only {@link Bundle}s get in (their bytes were verified and decoded before), and every read
 * checks the bytes against the hash again: a file damaged on disk is deleted and reported as a
 * miss, so the caller fetches it anew. A bundle larger than the whole cache is not kept.
 */
public final class DiskBundleCache {

  private static final Logger LOG = LoggerFactory.getLogger(DiskBundleCache.class);
  private static final String SUFFIX = ".bundle";
  private static final String TMP_PREFIX = ".tmp-";

  private final Path dir;
  private final long maxBytes;
  /** hash → size, least recently used first. */
  private final LinkedHashMap<String, Long> index = new LinkedHashMap<>(16, 0.75f, true);
  private long totalBytes;
  private long lastStamp;

  public DiskBundleCache(Path dir, long maxBytes) throws IOException {
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes must be positive, got " + maxBytes);
    }
    this.dir = Files.createDirectories(dir);
    this.maxBytes = maxBytes;
    record Found(String hash, long size, FileTime used) {}
    List<Found> found = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        String hash = name.endsWith(SUFFIX) ? name.substring(0, name.length() - SUFFIX.length()) : "";
        if (name.startsWith(TMP_PREFIX)) {
          Files.deleteIfExists(f); // a put interrupted by a crash
        } else if (Bundle.isHash(hash)) {
          found.add(new Found(hash, Files.size(f), Files.getLastModifiedTime(f)));
        }
      }
    }
    found.sort(Comparator.comparing(Found::used));
    for (Found f : found) {
      index.put(f.hash, f.size);
      totalBytes += f.size;
      lastStamp = Math.max(lastStamp, f.used.toMillis());
    }
    synchronized (this) {
      evict();
    }
  }

  /** The cached bundle, or null if it is not here (or its file was damaged, and is now deleted). */
  public @Nullable Bundle get(String hash) throws IOException {
    Path file;
    synchronized (this) {
      if (index.get(hash) == null) {
        return null;
      }
      file = fileOf(hash);
      touch(file);
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException evictedMeanwhile) {
      return null;
    }
    try {
      if (!Bundle.hashOf(bytes).equals(hash)) {
        throw new BundleException("the file's bytes do not hash to its name");
      }
      return Bundle.decode(bytes);
    } catch (BundleException e) {
      LOG.warn("event=bundle_cache_damaged hash={} file={} error=\"{}\" action=deleted", hash, file, e.getMessage());
      synchronized (this) {
        remove(hash);
      }
      return null;
    }
  }

  /** Keeps {@code bundle}, evicting the least recently used past the limit. Returns false if it is larger than the whole cache. */
  public boolean put(Bundle bundle) throws IOException {
    String hash = bundle.hash();
    long size = bundle.size();
    if (size > maxBytes) {
      LOG.warn("event=bundle_cache_skip hash={} bytes={} max_bytes={} reason=larger_than_cache", hash, size, maxBytes);
      return false;
    }
    Path target = fileOf(hash);
    synchronized (this) {
      if (index.get(hash) != null) {
        touch(target);
        return true;
      }
    }
    Path tmp = Files.createTempFile(dir, TMP_PREFIX, "");
    try {
      Files.write(tmp, bundle.encode());
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
    synchronized (this) {
      touch(target);
      if (index.put(hash, size) == null) {
        totalBytes += size;
      }
      evict();
    }
    return true;
  }

  public synchronized boolean contains(String hash) {
    return index.containsKey(hash);
  }

  /** Bytes of all cached bundles. */
  public synchronized long totalBytes() {
    return totalBytes;
  }

  /** Hashes held, least recently used first. */
  public synchronized List<String> hashes() {
    return List.copyOf(index.keySet());
  }

  private void evict() {
    Iterator<Map.Entry<String, Long>> it = index.entrySet().iterator();
    while (totalBytes > maxBytes && it.hasNext()) {
      Map.Entry<String, Long> eldest = it.next();
      it.remove();
      totalBytes -= eldest.getValue();
      try {
        Files.deleteIfExists(fileOf(eldest.getKey()));
      } catch (IOException e) {
        LOG.warn("event=bundle_cache_evict_failed hash={} error={}", eldest.getKey(), e.toString());
      }
    }
  }

  private void remove(String hash) {
    Long size = index.remove(hash);
    if (size != null) {
      totalBytes -= size;
    }
    try {
      Files.deleteIfExists(fileOf(hash));
    } catch (IOException e) {
      LOG.warn("event=bundle_cache_remove_failed hash={} error={}", hash, e.toString());
    }
  }

  /** Marks a file as used now: modification times strictly increase, so two uses in one millisecond keep their order. */
  private void touch(Path file) {
    lastStamp = Math.max(System.currentTimeMillis(), lastStamp + 1);
    try {
      Files.setLastModifiedTime(file, FileTime.fromMillis(lastStamp));
    } catch (IOException e) {
      // evicted meanwhile, or a read-only disk: recency is then only kept in memory
      LOG.debug("event=bundle_cache_touch_failed file={} error={}", file, e.toString());
    }
  }

  private Path fileOf(String hash) {
    return dir.resolve(hash + SUFFIX);
  }
}
