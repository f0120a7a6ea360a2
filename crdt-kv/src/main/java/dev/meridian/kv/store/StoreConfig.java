package dev.meridian.kv.store;

import java.nio.file.Path;

/**
 * Options of a {@link NamespaceStore}. Build with {@link #of(Path)} and the {@code with…} methods;
 * each checks its argument.
 *
 * @param directory where the namespace's log lives; created if missing
 * @param fsync when the log is forced to disk (see {@link FsyncPolicy})
 * @param cacheMaxBytes the read cache's bound, counted in value bytes; default {@link
 *     #DEFAULT_CACHE_MAX_BYTES}. The index of keys and metadata is always in memory; values are not.
 * @param compactAfterBytes the log is rewritten (snapshotted) once it exceeds this size and twice
 *     the bytes of the live entries; default {@link #DEFAULT_COMPACT_AFTER_BYTES}
 */
public record StoreConfig(Path directory, FsyncPolicy fsync, long cacheMaxBytes, long compactAfterBytes) {

  /** 64 MiB of values per namespace: hot keys stay in memory, cold ones are one read away. */
  public static final long DEFAULT_CACHE_MAX_BYTES = 64L << 20;

  /** 64 MiB: compaction copies the live data, so it should not run for small logs. */
  public static final long DEFAULT_COMPACT_AFTER_BYTES = 64L << 20;

  public StoreConfig {
    if (cacheMaxBytes < 0) {
      throw new IllegalArgumentException("cacheMaxBytes must be >= 0, got " + cacheMaxBytes);
    }
    if (compactAfterBytes < 1) {
      throw new IllegalArgumentException("compactAfterBytes must be >= 1, got " + compactAfterBytes);
    }
  }

  public static StoreConfig of(Path directory) {
    return new StoreConfig(directory, FsyncPolicy.DEFAULT, DEFAULT_CACHE_MAX_BYTES, DEFAULT_COMPACT_AFTER_BYTES);
  }

  public StoreConfig withDirectory(Path dir) {
    return new StoreConfig(dir, fsync, cacheMaxBytes, compactAfterBytes);
  }

  public StoreConfig withFsync(FsyncPolicy policy) {
    return new StoreConfig(directory, policy, cacheMaxBytes, compactAfterBytes);
  }

  public StoreConfig withCacheMaxBytes(long bytes) {
    return new StoreConfig(directory, fsync, bytes, compactAfterBytes);
  }

  public StoreConfig withCompactAfterBytes(long bytes) {
    return new StoreConfig(directory, fsync, cacheMaxBytes, bytes);
  }
}
