package dev.meridian.kv.store;

import dev.meridian.kv.crdt.Hlc;
import dev.meridian.kv.crdt.LwwMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Local reads and writes of one namespace holding 100,000 keys of 100-byte values: {@code get}
 * with the Caffeine cache holding everything ({@code cache=hit}) or nothing ({@code cache=miss}, a
 * positional read and checksum of the log record), a {@code put} of one key (a log append without
 * fsync, the index and the cache), and {@code apply10kDelta}: building a 10,000-key delta whose
 * entries all win and applying it (one batched log write, index, cache), as a replicated delta is;
 * {@code build10kDelta}, building alone, is its baseline in the same run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class NamespaceStoreBenchmark {

  static final int KEYS = 100_000;

  @Param({"hit", "miss"})
  public String cache;

  Path dir;
  NamespaceStore store;
  byte[] payload;
  long next = 10_000_000;
  int i;
  LwwMap delta10k;

  @Setup
  public void open() throws IOException {
    dir = Files.createTempDirectory("kv-bench");
    long cacheBytes = cache.equals("hit") ? 256L << 20 : 0;
    store = NamespaceStore.open(StoreConfig.of(dir).withFsync(FsyncPolicy.never()).withCacheMaxBytes(cacheBytes)
        .withCompactAfterBytes(1L << 40), InstantSource.system());
    payload = new KvRecord(new byte[100], null, 0).encode();
    LwwMap all = new LwwMap();
    for (int k = 0; k < KEYS; k++) {
      all.join(LwwMap.of("key-" + k, new LwwMap.Entry(new Hlc(1_000 + k, 0, 1), payload)));
    }
    store.apply(all);
    for (int k = 0; k < KEYS; k++) {
      store.get("key-" + k);
    }
  }

  @TearDown
  public void close() throws IOException {
    store.close();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  @Benchmark
  public Object get() {
    i = (i + 7919) % KEYS;
    return store.get("key-" + i);
  }

  @Benchmark
  public Object put() {
    i = (i + 7919) % KEYS;
    return store.apply(LwwMap.of("key-" + i, new LwwMap.Entry(new Hlc(next++, 0, 1), payload)));
  }

  /** The baseline of {@code apply10kDelta}: building the delta alone. */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public Object build10kDelta() {
    return nextDelta();
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public Object apply10kDelta() {
    return store.apply(nextDelta());
  }

  private LwwMap nextDelta() {
    LwwMap d = new LwwMap();
    int start = i;
    for (int k = 0; k < 10_000; k++) {
      d.join(LwwMap.of("key-" + ((start + k) % KEYS), new LwwMap.Entry(new Hlc(next++, 0, 2), payload)));
    }
    i = (i + 10_000) % KEYS;
    return d;
  }
}
