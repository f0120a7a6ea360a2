package dev.meridian.kv.crdt;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The join of a 10,000-key delta into a 10,000-key map, in memory ({@code join}) and from its wire
 * encoding ({@code decodeAndJoin}); half the delta's entries win, half lose. The baseline in the
 * same run is {@code copy}, a plain copy of the 10,000-key map (one sorted-map insertion per key);
 * the joins run on a fresh copy made outside the measurement.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LwwMapMergeBenchmark {

  static final int KEYS = 10_000;

  LwwMap base;
  LwwMap delta;
  byte[] deltaBytes;

  @Setup(Level.Trial)
  public void build() {
    base = new LwwMap();
    delta = new LwwMap();
    byte[] value = new byte[100];
    for (int i = 0; i < KEYS; i++) {
      String key = "key-" + i;
      base.put(key, value, new Hlc(1_000 + i, 0, 1));
      long stamp = i % 2 == 0 ? 50_000 + i : 500 + i;
      delta.put(key, value, new Hlc(stamp, 0, 2));
    }
    deltaBytes = delta.encode();
  }

  @Benchmark
  public LwwMap copy() {
    return base.copy();
  }

  /** A fresh copy of the base map per invocation, so every join does the same work. */
  @State(Scope.Thread)
  public static class Target {
    LwwMap map;

    @Setup(Level.Invocation)
    public void copy(LwwMapMergeBenchmark b) {
      map = b.base.copy();
    }
  }

  @Benchmark
  public LwwMap join(Target t) {
    return t.map.join(delta);
  }

  @Benchmark
  public LwwMap decodeAndJoin(Target t) {
    return t.map.join(LwwMap.decode(deltaBytes));
  }
}
