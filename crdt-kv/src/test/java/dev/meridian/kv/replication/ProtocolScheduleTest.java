package dev.meridian.kv.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meridian.kv.crdt.Hlc;
import dev.meridian.kv.crdt.HybridClock;
import dev.meridian.kv.crdt.LwwMap;
import dev.meridian.kv.store.FsyncPolicy;
import dev.meridian.kv.store.KvRecord;
import dev.meridian.kv.store.NamespaceStore;
import dev.meridian.kv.store.StoreConfig;
import dev.meridian.kv.store.StoreFixtures;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The replication protocol alone, on random schedules: {@link NamespaceReplica}s exchange messages
 * over an in-memory topic whose delivery the test drives step by step (drop, duplicate, reorder,
 * crash with unpublished writes, partition), with flushes and heartbeats at random points.
 * Once faults stop, the replicas must reach the LWW state of every acknowledged write and
 * collect every tombstone, and stay there when the whole history of the topic is replayed after
 * the collection. This explores many more interleavings than the Pulsar acceptance test
 * ({@link ReplicationConvergenceTest}), which shows the same on the real transport.
 */
class ProtocolScheduleTest {

  private static final int NODES = 3;
  private static ScheduledExecutorService idle;

  @BeforeContainer
  static void startIdleScheduler() {
    idle = Executors.newSingleThreadScheduledExecutor();
  }

  @AfterContainer
  static void stopIdleScheduler() {
    idle.shutdownNow();
  }

  /** A topic: one queue per durable subscription, kept while its subscriber is away. */
  static final class Bus {
    final Map<String, List<byte[]>> queues = new TreeMap<>();
    final Map<String, Consumer<byte[]>> handlers = new HashMap<>();
    final List<byte[]> history = new ArrayList<>();

    /** Queues every message ever published again for every subscriber, shuffled (an at-least-once replay). */
    void replayHistory(Random r) {
      for (List<byte[]> q : queues.values()) {
        List<byte[]> again = new ArrayList<>(history);
        java.util.Collections.shuffle(again, r);
        q.addAll(again);
      }
    }

    DeltaTransport transport() {
      return new DeltaTransport() {
        @Override
        public CompletableFuture<Void> publish(String namespace, byte[] message) {
          queues.values().forEach(q -> q.add(message));
          history.add(message);
          return CompletableFuture.completedFuture(null);
        }

        @Override
        public Subscription subscribe(String namespace, String subscriber, Consumer<byte[]> handler) {
          queues.computeIfAbsent(subscriber, s -> new ArrayList<>());
          handlers.put(subscriber, handler);
          return () -> handlers.remove(subscriber);
        }

        @Override
        public void close() {}
      };
    }

    /** Delivers (or drops, or duplicates) one random pending message; false when none is deliverable. */
    boolean step(Random r, double drop, double duplicate, Set<String> cutOff) {
      List<String> ready = queues.keySet().stream()
          .filter(s -> !queues.get(s).isEmpty() && handlers.containsKey(s) && !cutOff.contains(s)).toList();
      if (ready.isEmpty()) {
        return false;
      }
      String s = ready.get(r.nextInt(ready.size()));
      List<byte[]> q = queues.get(s);
      int i = r.nextInt(Math.min(q.size(), 4)); // reorder within a window of 4
      byte[] m = r.nextDouble() < duplicate ? q.get(i) : q.remove(i);
      if (r.nextDouble() >= drop) {
        handlers.get(s).accept(m);
      }
      return true;
    }
  }

  private record Write(String key, Hlc stamp, byte[] payload) {}

  @Property(tries = 40)
  void randomSchedulesConvergeToTheLwwStateAndCollectTombstones(@ForAll long seed) throws IOException {
    Random r = new Random(seed);
    Path dir = Files.createTempDirectory("kv-proto");
    long[] wall = {1_000_000};
    InstantSource clock = new InstantSource() {
      @Override
      public Instant instant() {
        return Instant.ofEpochMilli(wall[0]);
      }
    };
    Bus bus = new Bus();
    NamespaceReplica[] nodes = new NamespaceReplica[NODES + 1];
    List<Write> acknowledged = new ArrayList<>();
    try {
      for (int id = 1; id <= NODES; id++) {
        nodes[id] = start(id, dir, clock, bus);
      }
      Set<String> cutOff = new java.util.HashSet<>();
      for (int step = 0; step < 400; step++) {
        wall[0] += r.nextInt(100) == 0 ? Duration.ofHours(9).toMillis() : r.nextInt(3); // jumps make peers look silent
        int id = 1 + r.nextInt(NODES);
        int dice = r.nextInt(100);
        if (dice < 30) {
          String key = "k" + r.nextInt(12);
          byte[] payload = r.nextInt(4) == 0 ? null
              : new KvRecord(("n" + id + "s" + step).getBytes(StandardCharsets.UTF_8), null, 0).encode();
          acknowledged.add(new Write(key, nodes[id].write(key, payload), payload));
        } else if (dice < 40) {
          nodes[id].flush();
        } else if (dice < 50) {
          nodes[id].heartbeat();
        } else if (dice < 52) {
          nodes[id].halt(); // crash: pending writes stay unpublished
          nodes[id].store().close();
          nodes[id] = start(id, dir, clock, bus);
        } else if (dice < 54) {
          String sub = "kv-node-" + id;
          if (!cutOff.remove(sub)) {
            cutOff.add(sub);
          }
        } else {
          bus.step(r, 0.15, 0.15, cutOff);
        }
      }
      // Faults stop; the protocol must finish the job with flushes, heartbeats and deliveries alone.
      Map<String, String> expected = lww(acknowledged);
      for (int round = 0; round < 60; round++) {
        if (round == 30) {
          bus.replayHistory(r); // tombstones are collected by now: old writes must not come back
        }
        wall[0] += 1;
        for (int id = 1; id <= NODES; id++) {
          nodes[id].heartbeat();
        }
        while (bus.step(r, 0, 0, Set.of())) {
          // deliver everything pending
        }
      }
      for (int id = 1; id <= NODES; id++) {
        assertEquals(expected, visible(nodes[id].store()), "node " + id + ", seed " + seed);
        long tombstones = nodes[id].store().snapshot().entries().values().stream().filter(LwwMap.Entry::isTombstone).count();
        assertEquals(0, tombstones, "tombstones left at node " + id + ", seed " + seed);
      }
    } finally {
      for (int id = 1; id <= NODES; id++) {
        if (nodes[id] != null) {
          nodes[id].halt();
          nodes[id].store().close();
        }
      }
      StoreFixtures.deleteRecursively(dir);
    }
  }

  @Property(tries = 10)
  void aNewReplicaGetsTheWritesOfAnOriginThatIsDownForGoodFromItsPeers(@ForAll long seed) throws IOException {
    Random r = new Random(seed);
    Path dir = Files.createTempDirectory("kv-proto");
    long[] wall = {1_000_000};
    InstantSource clock = new InstantSource() {
      @Override
      public Instant instant() {
        return Instant.ofEpochMilli(wall[0]);
      }
    };
    Bus bus = new Bus();
    NamespaceReplica[] nodes = new NamespaceReplica[NODES + 1];
    try {
      nodes[1] = start(1, dir, clock, bus);
      nodes[2] = start(2, dir, clock, bus);
      List<Write> acknowledged = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        wall[0] += 1;
        String key = "k" + r.nextInt(20);
        byte[] payload = new KvRecord(("n1 #" + i).getBytes(StandardCharsets.UTF_8), null, 0).encode();
        acknowledged.add(new Write(key, nodes[1].write(key, payload), payload));
      }
      for (int round = 0; round < 5; round++) {
        nodes[1].heartbeat();
        nodes[2].heartbeat();
        while (bus.step(r, 0, 0, Set.of())) {
          // deliver
        }
      }
      nodes[1].halt(); // gone for good, before node 3 ever existed
      nodes[1].store().close();
      nodes[1] = null;
      nodes[3] = start(3, dir, clock, bus);
      for (int round = 0; round < 30; round++) {
        wall[0] += Duration.ofHours(1).toMillis(); // heartbeat intervals pass: node 1 falls silent
        nodes[2].heartbeat();
        nodes[3].heartbeat();
        while (bus.step(r, 0, 0, Set.of())) {
          // deliver
        }
      }
      assertEquals(lww(acknowledged), visible(nodes[3].store()), "seed " + seed);
      assertEquals(visible(nodes[2].store()), visible(nodes[3].store()));
    } finally {
      for (int id = 1; id <= NODES; id++) {
        if (nodes[id] != null) {
          nodes[id].halt();
          nodes[id].store().close();
        }
      }
      StoreFixtures.deleteRecursively(dir);
    }
  }

  @Property(tries = 1)
  void aStampFarAheadOfTheLocalClockIsCountedAndStillMerged() throws IOException {
    Path dir = Files.createTempDirectory("kv-proto");
    long[] wall = {1_000_000};
    InstantSource clock = new InstantSource() {
      @Override
      public Instant instant() {
        return Instant.ofEpochMilli(wall[0]);
      }
    };
    Bus bus = new Bus();
    SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    NamespaceStore store = NamespaceStore.open(StoreConfig.of(dir.resolve("n1")).withFsync(FsyncPolicy.never()), clock);
    NamespaceReplica r = NamespaceReplica.start("t/ns", store, new HybridClock(1, clock::millis), clock, bus.transport(),
        ReplicationConfig.of(1, Set.of(1, 2)).withIntervals(Duration.ofHours(1), Duration.ofHours(1)), idle, metrics);
    try {
      Hlc future = new Hlc(wall[0] + 3_600_000, 0, 2);
      byte[] payload = new KvRecord(new byte[] {7}, null, 0).encode();
      r.onMessage(ReplicationMessage.encode(
          new ReplicationMessage.Delta(2, Hlc.ZERO, future, LwwMap.of("k", new LwwMap.Entry(future, payload)))));
      assertEquals(1.0, metrics.get("kv.replication.clock.ahead").counter().count());
      assertEquals(1, store.size());
      org.junit.jupiter.api.Assertions.assertTrue(r.write("k2", payload).isAfter(future), "the HLC moved past it");
    } finally {
      r.halt();
      store.close();
      StoreFixtures.deleteRecursively(dir);
    }
  }

  private static NamespaceReplica start(int id, Path dir, InstantSource clock, Bus bus) throws IOException {
    NamespaceStore store = NamespaceStore.open(StoreConfig.of(dir.resolve("n" + id)).withFsync(FsyncPolicy.never()), clock);
    ReplicationConfig rc = ReplicationConfig.of(id, Set.of(1, 2, 3))
        .withIntervals(Duration.ofHours(1), Duration.ofHours(1)); // the test drives flushes and heartbeats
    return NamespaceReplica.start("t/ns", store, new HybridClock(id, clock::millis), clock, bus.transport(), rc, idle,
        new SimpleMeterRegistry());
  }

  private static Map<String, String> lww(List<Write> writes) {
    Map<String, Write> winner = new TreeMap<>();
    for (Write w : writes) {
      winner.merge(w.key(), w, (a, b) -> a.stamp().compareTo(b.stamp()) >= 0 ? a : b);
    }
    Map<String, String> out = new TreeMap<>();
    winner.forEach((k, w) -> {
      if (w.payload() != null) {
        out.put(k, new String(KvRecord.decode(w.payload()).value(), StandardCharsets.UTF_8));
      }
    });
    return out;
  }

  private static Map<String, String> visible(NamespaceStore s) {
    Map<String, String> out = new TreeMap<>();
    s.snapshot().entries().forEach((k, e) -> {
      if (e.value() != null) {
        out.put(k, new String(KvRecord.decode(e.value()).value(), StandardCharsets.UTF_8));
      }
    });
    return out;
  }
}
