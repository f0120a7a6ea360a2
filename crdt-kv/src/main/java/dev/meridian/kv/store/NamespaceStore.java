package dev.meridian.kv.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import dev.meridian.kv.crdt.Hlc;
import dev.meridian.kv.crdt.LwwMap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.HashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable, cached state of one namespace at one PoP: an {@link LwwMap} whose registers live in
 * an append-only {@link LogFile}, indexed in memory, with a Caffeine cache of values in front.
 *
 * <p>Every change, local or replicated, goes through {@link #apply}: the entries that win are
 * appended to the log (forced per the {@link FsyncPolicy}), then indexed, then cached; the call
 * returns only after that, so a write is readable at this PoP as soon as it is acknowledged
 * (read-your-writes) and survives a crash of the process. Reopening replays the log with the
 * same join, so recovery is the CRDT merge of what was written.
 *
 * <p>When the log outgrows {@link StoreConfig#compactAfterBytes()} and twice the live bytes, the
 * live records are copied into a new log generation ({@code kv-<generation>.log}), written to a
 * temporary file, forced, and renamed into place before the old one is deleted: that file is the
 * snapshot, and later writes append to it. A crash at any point leaves either the old or the new
 * generation whole.
 *
 * <p>Reads run concurrently; writes and compaction hold a write lock.
 */
public final class NamespaceStore implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(NamespaceStore.class);
  private static final String PREFIX = "kv-";
  private static final String SUFFIX = ".log";

  /** One key in the index: enough to list it and to find its value in the log. */
  private record IndexEntry(Hlc stamp, boolean tombstone, long expiration, byte @Nullable [] metadata,
      long offset, int length) {}

  private record Cached(Hlc stamp, KvRecord record) {}

  /** A live value and the timestamp of the write that produced it. */
  public record Versioned(Hlc stamp, KvRecord record) {}

  /** One key as {@link #list} returns it. */
  public record KeyInfo(String key, long expiration, byte @Nullable [] metadata) {}

  private final StoreConfig config;
  private final InstantSource clock;
  // Point reads go to a hash map; list walks the sorted key set beside it (a skip list of 100k keys
  // costs a dozen cache misses per lookup, the hash map one or two).
  private final ConcurrentHashMap<String, IndexEntry> index = new ConcurrentHashMap<>();
  private final ConcurrentSkipListSet<String> order = new ConcurrentSkipListSet<>(LwwMap.KEY_ORDER);
  private final Cache<String, Cached> cache;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private LogFile log;
  private long generation;
  private long liveBytes;
  private Hlc watermark = Hlc.ZERO;
  private Hlc maxStamp = Hlc.ZERO;
  private boolean dirty;

  private NamespaceStore(StoreConfig config, InstantSource clock) {
    this.config = config;
    this.clock = clock;
    this.cache = Caffeine.newBuilder()
        .maximumWeight(config.cacheMaxBytes())
        .<String, Cached>weigher((k, v) -> 64 + 2 * k.length() + v.record().value().length)
        .executor(Runnable::run)
        .recordStats()
        .build();
  }

  /**
   * Opens the namespace in {@code config.directory()}, replaying its log. A torn or corrupted tail
   * is cut off and reported in the log at WARN.
   */
  public static NamespaceStore open(StoreConfig config, InstantSource clock) throws IOException {
    NamespaceStore s = new NamespaceStore(config, clock);
    s.recover();
    return s;
  }

  private void recover() throws IOException {
    Path dir = config.directory();
    Files.createDirectories(dir);
    long newest = -1;
    List<Path> logs = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.toList()) {
        String name = p.getFileName().toString();
        if (name.startsWith(PREFIX) && name.endsWith(SUFFIX + ".tmp")) {
          Files.delete(p); // a compaction that did not finish; the previous generation is whole
        } else if (name.startsWith(PREFIX) && name.endsWith(SUFFIX)) {
          logs.add(p);
          newest = Math.max(newest, generationOf(p));
        }
      }
    }
    generation = Math.max(newest, 0);
    for (Path p : logs) {
      if (generationOf(p) != generation) {
        Files.delete(p); // superseded by a compaction that finished
      }
    }
    log = LogFile.open(fileOf(generation), (file, offset, body) -> {
      log = file; // a tie between equal stamps reads the current record back
      replay(LogRecord.parse(body), offset, body.length);
    });
    if (log.truncatedBytes() > 0) {
      LOG.warn("event=log_tail_truncated file={} bytes={} reason=torn_or_corrupt_record", log.path(),
          log.truncatedBytes());
    }
  }

  private void replay(LogRecord rec, long offset, int length) {
    switch (rec) {
      case LogRecord.Entry e -> {
        IndexEntry cur = index.get(e.key());
        boolean expiry = e.payload() == null && cur != null && !cur.tombstone() && cur.stamp().equals(e.stamp())
            && cur.expiration() != 0;
        if (expiry || wins(e.key(), e.stamp(), e.payload())) {
          index(e.key(), e.stamp(), e.payload() == null ? null : KvRecord.decode(e.payload()), offset, length);
        }
      }
      case LogRecord.Watermark w -> purge(w.stable());
    }
  }

  /**
   * Joins {@code delta} into this namespace and returns the effective delta: the entries that won.
   * Their payloads must be {@link KvRecord} encodings (checked before anything changes).
   *
   * @throws dev.meridian.kv.crdt.EncodingException if a payload does not decode; nothing is applied
   */
  public LwwMap apply(LwwMap delta) {
    Map<String, KvRecord> decoded = new HashMap<>();
    for (Map.Entry<String, LwwMap.Entry> e : delta.entries().entrySet()) {
      if (e.getValue().value() != null) {
        decoded.put(e.getKey(), KvRecord.decode(e.getValue().value()));
      }
    }
    lock.writeLock().lock();
    try {
      List<String> keys = new ArrayList<>();
      List<LwwMap.Entry> entries = new ArrayList<>();
      List<byte[]> bodies = new ArrayList<>();
      for (Map.Entry<String, LwwMap.Entry> e : delta.entries().entrySet()) {
        String key = e.getKey();
        LwwMap.Entry entry = e.getValue();
        if (wins(key, entry.stamp(), entry.value())) {
          keys.add(key);
          entries.add(entry);
          bodies.add(LogRecord.entry(key, entry.stamp(), entry.value()));
        }
      }
      if (keys.isEmpty()) {
        return new LwwMap();
      }
      LwwMap effective = keys.size() == delta.size() ? delta.filter((k, e) -> true)
          : delta.filter((k, e) -> Collections.binarySearch(keys, k, LwwMap.KEY_ORDER) >= 0);
      long[] offsets = log.appendAll(bodies);
      dirty = true;
      if (config.fsync().mode() == FsyncPolicy.Mode.ALWAYS) {
        log.force();
        dirty = false;
      }
      for (int i = 0; i < keys.size(); i++) {
        String key = keys.get(i);
        Hlc stamp = entries.get(i).stamp();
        KvRecord rec = decoded.get(key);
        index(key, stamp, rec, offsets[i], bodies.get(i).length);
        if (rec == null) {
          cache.invalidate(key);
        } else {
          cache.put(key, new Cached(stamp, rec));
        }
      }
      maybeCompact();
      return effective;
    } finally {
      lock.writeLock().unlock();
    }
  }

  private boolean wins(String key, Hlc stamp, byte @Nullable [] payload) {
    if (!stamp.isAfter(watermark)) {
      return false;
    }
    IndexEntry cur = index.get(key);
    if (cur == null) {
      return true;
    }
    int c = stamp.compareTo(cur.stamp());
    if (c != 0) {
      return c > 0;
    }
    // The same timestamp is the same write; should the bytes differ, break the tie as LwwMap does.
    byte[] curPayload = cur.tombstone() ? null : payloadAt(cur.offset());
    return new LwwMap.Entry(stamp, payload).dominates(new LwwMap.Entry(cur.stamp(), curPayload));
  }

  private void index(String key, Hlc stamp, @Nullable KvRecord rec, long offset, int length) {
    IndexEntry prev = index.put(key, new IndexEntry(stamp, rec == null, rec == null ? 0 : rec.expiration(),
        rec == null ? null : rec.metadata(), offset, length));
    if (prev != null) {
      liveBytes -= prev.length();
    } else {
      order.add(key);
    }
    liveBytes += length;
    maxStamp = Hlc.max(maxStamp, stamp);
  }

  /** The live value of {@code key}, or {@code null} if absent, deleted or expired. */
  public @Nullable Versioned get(String key) {
    IndexEntry e = index.get(key);
    if (e == null || e.tombstone() || expired(e)) {
      return null;
    }
    Cached c = cache.getIfPresent(key);
    if (c != null && c.stamp().equals(e.stamp())) {
      return new Versioned(c.stamp(), c.record());
    }
    lock.readLock().lock();
    try {
      IndexEntry now = index.get(key);
      if (now == null || now.tombstone() || expired(now)) {
        return null;
      }
      byte[] payload = payloadAt(now.offset());
      KvRecord rec = KvRecord.decode(payload);
      cache.put(key, new Cached(now.stamp(), rec));
      return new Versioned(now.stamp(), rec);
    } finally {
      lock.readLock().unlock();
    }
  }

  private byte[] payloadAt(long offset) {
    LogRecord rec = LogRecord.parse(log.read(offset));
    if (!(rec instanceof LogRecord.Entry e) || e.payload() == null) {
      throw new IllegalStateException("index points at a record without a value at offset " + offset);
    }
    return e.payload();
  }

  /**
   * Up to {@code limit} live keys starting with {@code prefix}, after {@code startAfter} (exclusive)
   * when given, in {@link LwwMap#KEY_ORDER}.
   */
  public List<KeyInfo> list(String prefix, @Nullable String startAfter, int limit) {
    List<KeyInfo> out = new ArrayList<>(Math.min(limit, 1024));
    var tail = startAfter != null && LwwMap.KEY_ORDER.compare(startAfter, prefix) >= 0
        ? order.tailSet(startAfter, false)
        : order.tailSet(prefix, true);
    for (String key : tail) {
      if (!key.startsWith(prefix) || out.size() >= limit) {
        break;
      }
      IndexEntry ie = index.get(key);
      if (ie != null && !ie.tombstone() && !expired(ie)) {
        out.add(new KeyInfo(key, ie.expiration(), ie.metadata()));
      }
    }
    return out;
  }

  private boolean expired(IndexEntry e) {
    return e.expiration() != 0 && e.expiration() <= clock.instant().getEpochSecond();
  }

  /** Every register written by {@code node} with a timestamp above {@code after}, tombstones included. */
  public LwwMap writtenBy(int node, Hlc after) {
    lock.readLock().lock();
    try {
      LwwMap out = new LwwMap();
      for (Map.Entry<String, IndexEntry> e : index.entrySet()) {
        IndexEntry ie = e.getValue();
        if (ie.stamp().node() == node && ie.stamp().isAfter(after)) {
          out.join(LwwMap.of(e.getKey(), new LwwMap.Entry(ie.stamp(), ie.tombstone() ? null : payloadAt(ie.offset()))));
        }
      }
      return out;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The whole state, tombstones included, values read from the log (for tests and snapshots). */
  public LwwMap snapshot() {
    lock.readLock().lock();
    try {
      LwwMap out = new LwwMap();
      for (Map.Entry<String, IndexEntry> e : index.entrySet()) {
        IndexEntry ie = e.getValue();
        out.join(LwwMap.of(e.getKey(), new LwwMap.Entry(ie.stamp(), ie.tombstone() ? null : payloadAt(ie.offset()))));
      }
      return out;
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Turns the values that expired at or before {@code nowEpochSeconds} into tombstones with the
   * same stamps, so their bytes can be compacted away and the tombstones collected. Every replica
   * does this on its own clock; nothing is published. It changes no read: an expired key already
   * reads as absent. Should a copy of the expired value arrive again, it wins the tie (a value
   * beats a tombstone of the same stamp) and is still expired.
   *
   * @return the number of values expired
   */
  public int expire(long nowEpochSeconds) {
    lock.writeLock().lock();
    try {
      List<String> keys = new ArrayList<>();
      List<byte[]> bodies = new ArrayList<>();
      for (Map.Entry<String, IndexEntry> e : index.entrySet()) {
        IndexEntry ie = e.getValue();
        if (!ie.tombstone() && ie.expiration() != 0 && ie.expiration() <= nowEpochSeconds) {
          keys.add(e.getKey());
          bodies.add(LogRecord.entry(e.getKey(), ie.stamp(), null));
        }
      }
      if (keys.isEmpty()) {
        return 0;
      }
      long[] offsets = log.appendAll(bodies);
      dirty = true;
      for (int i = 0; i < keys.size(); i++) {
        index(keys.get(i), index.get(keys.get(i)).stamp(), null, offsets[i], bodies.get(i).length);
        cache.invalidate(keys.get(i));
      }
      maybeCompact();
      return keys.size();
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Drops tombstones at or below {@code stable} and records the new watermark in the log; see the
   * design note of {@link LwwMap} for when that is safe.
   *
   * @return the number of tombstones dropped
   */
  public int purgeTombstones(Hlc stable) {
    lock.writeLock().lock();
    try {
      if (!stable.isAfter(watermark)) {
        return 0;
      }
      log.append(LogRecord.watermark(stable), config.fsync().mode() == FsyncPolicy.Mode.ALWAYS);
      dirty = true;
      return purge(stable);
    } finally {
      lock.writeLock().unlock();
    }
  }

  private int purge(Hlc stable) {
    watermark = Hlc.max(watermark, stable);
    int removed = 0;
    var it = index.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, IndexEntry> e = it.next();
      if (e.getValue().tombstone() && !e.getValue().stamp().isAfter(watermark)) {
        liveBytes -= e.getValue().length();
        it.remove();
        order.remove(e.getKey());
        removed++;
      }
    }
    return removed;
  }

  public Hlc watermark() {
    return watermark;
  }

  /** The greatest timestamp this namespace has stored. */
  public Hlc maxStamp() {
    return maxStamp;
  }

  /** The greatest timestamp among the registers {@code node} wrote (its writes this store still holds). */
  public Hlc maxStampWrittenBy(int node) {
    Hlc max = Hlc.ZERO;
    for (IndexEntry e : index.values()) {
      if (e.stamp().node() == node) {
        max = Hlc.max(max, e.stamp());
      }
    }
    return max;
  }

  /** Number of registers, tombstones included. */
  public int size() {
    return index.size();
  }

  public CacheStats cacheStats() {
    return cache.stats();
  }

  /** The Caffeine cache, for metrics binding. */
  public Cache<String, ?> cache() {
    return cache;
  }

  /** Forces the log to disk if anything was appended since the last force. */
  public void sync() {
    lock.writeLock().lock();
    try {
      if (dirty) {
        log.force();
        dirty = false;
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Bytes of the current log file. */
  public long logBytes() {
    return log.size();
  }

  private void maybeCompact() {
    if (log.size() > config.compactAfterBytes() && log.size() > 2 * liveBytes) {
      compact();
    }
  }

  /** Rewrites the live registers into a new log generation (the snapshot) and drops the old one. */
  public void compact() {
    lock.writeLock().lock();
    try {
      long next = generation + 1;
      Path tmp = config.directory().resolve(PREFIX + String.format("%020d", next) + SUFFIX + ".tmp");
      Files.deleteIfExists(tmp);
      Map<String, IndexEntry> moved = new HashMap<>();
      long live = 0;
      try (LogFile out = LogFile.open(tmp, (f, o, b) -> { })) {
        if (watermark.isAfter(Hlc.ZERO)) {
          out.append(LogRecord.watermark(watermark), false);
        }
        for (String key : order) {
          IndexEntry ie = index.get(key);
          byte[] body = log.read(ie.offset());
          long offset = out.append(body, false);
          moved.put(key, new IndexEntry(ie.stamp(), ie.tombstone(), ie.expiration(), ie.metadata(), offset,
              body.length));
          live += body.length;
        }
        out.force();
      }
      Path target = fileOf(next);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      forceDirectory();
      LogFile old = log;
      log = LogFile.open(target, (f, o, b) -> { });
      index.putAll(moved);
      liveBytes = live;
      generation = next;
      dirty = false;
      old.close();
      Files.delete(old.path());
      LOG.info("event=log_compacted dir={} generation={} bytes={} keys={}", config.directory(), next,
          log.size(), index.size());
    } catch (IOException e) {
      throw new UncheckedIOException("compaction of " + config.directory() + " failed", e);
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void forceDirectory() throws IOException {
    try (FileChannel dir = FileChannel.open(config.directory(), StandardOpenOption.READ)) {
      dir.force(true);
    }
  }

  private Path fileOf(long gen) {
    return config.directory().resolve(PREFIX + String.format("%020d", gen) + SUFFIX);
  }

  private static long generationOf(Path p) {
    String n = p.getFileName().toString();
    return Long.parseLong(n.substring(PREFIX.length(), n.length() - SUFFIX.length()));
  }

  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      log.force();
      log.close();
    } finally {
      lock.writeLock().unlock();
    }
  }
}
