package dev.meridian.kv.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.kv.KvConfig;
import dev.meridian.kv.KvStore;
import dev.meridian.kv.NamespaceId;
import dev.meridian.kv.crdt.Hlc;
import dev.meridian.kv.crdt.LwwMap;
import dev.meridian.kv.store.FsyncPolicy;
import dev.meridian.kv.store.KvRecord;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance test of replication: three replicas on a real Pulsar broker, each behind a
 * {@link FaultyTransport} that drops, duplicates, delays and reorders; concurrent writes to the same
 * and to different keys at all three; one replica killed (no last flush) and restarted, one
 * partitioned and healed. At the end every replica holds the same state, that state is what the
 * LWW rule computes from every acknowledged write, and no write acknowledged by the killed replica
 * is missing.
 */
@ExtendWith(PulsarBroker.Extension.class)
class ReplicationConvergenceTest {

  private static final Duration CONVERGENCE_TIMEOUT = Duration.ofSeconds(120);
  private static final Set<Integer> MEMBERS = Set.of(1, 2, 3);

  @TempDir Path dir;
  private final NamespaceId ns = new NamespaceId("acme", "conv-" + UUID.randomUUID().toString().substring(0, 8));
  private final ScheduledExecutorService delays = Executors.newScheduledThreadPool(2);
  private final ExecutorService writers = Executors.newFixedThreadPool(3);
  private final Map<Integer, Node> nodes = new TreeMap<>();
  private final List<Write> acknowledged = Collections.synchronizedList(new ArrayList<>());

  private record Write(String key, Hlc stamp, byte @Nullable [] payload) {}

  private record Node(KvStore store, FaultyTransport transport, SimpleMeterRegistry metrics) {}

  private Node start(PulsarBroker broker, int id) throws Exception {
    FaultyTransport t = new FaultyTransport(
        PulsarTransport.connect(broker.serviceUrl(), PulsarTransport.DEFAULT_TOPIC_PREFIX), delays)
        .faults(0.10, 0.10, 0.20, 300);
    SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    KvConfig c = KvConfig.singleNode(id, dir.resolve("node" + id)).withFsync(FsyncPolicy.never())
        .withMeterRegistry(metrics)
        .withReplication(ReplicationConfig.of(id, MEMBERS).withIntervals(Duration.ofMillis(10), Duration.ofMillis(100)), t);
    KvStore store = KvStore.open(c);
    store.namespace(ns);
    Node n = new Node(store, t, metrics);
    nodes.put(id, n);
    return n;
  }

  @AfterEach
  void stop() {
    nodes.values().forEach(n -> n.store().close());
    writers.shutdownNow();
    delays.shutdownNow();
  }

  @Test
  void threeReplicasConvergeToTheLwwStateThroughFaultsACrashAndAPartition(PulsarBroker broker) throws Exception {
    for (int id : MEMBERS) {
      start(broker, id);
    }
    write(150, 1, 2, 3);

    nodes.get(2).transport().partition();
    write(100, 1, 2, 3);
    List<String> acknowledgedBy3BeforeCrash = uniqueKeysOf(3);
    nodes.remove(3).store().halt(); // killed right after its last acknowledged write: no flush
    write(100, 1, 2);

    start(broker, 3);
    nodes.get(2).transport().heal();
    write(100, 1, 2, 3);

    Map<String, String> expected = lwwOf(acknowledged);
    Await.until(CONVERGENCE_TIMEOUT, () -> nodes.keySet().stream().allMatch(id -> visible(id).equals(expected)),
        () -> describe(expected));
    for (String key : acknowledgedBy3BeforeCrash) {
      for (int id : MEMBERS) {
        assertTrue(visible(id).containsKey(key), "write " + key + " acknowledged by node 3 before its crash is on " + id);
      }
    }
    Await.until(CONVERGENCE_TIMEOUT, () -> nodes.keySet().stream().allMatch(id -> tombstones(id) == 0),
        () -> "tombstones left: " + nodes.keySet().stream().map(this::tombstones).toList());
    for (int id : MEMBERS) {
      assertEquals(expected, visible(id), "node " + id + " after tombstone collection");
    }
  }

  /** Each listed node performs {@code ops} random writes, all nodes concurrently. */
  private void write(int ops, int... ids) {
    List<CompletableFuture<Void>> running = new ArrayList<>();
    for (int id : ids) {
      KvStore store = nodes.get(id).store();
      Random random = new Random(id * 7919L + acknowledged.size());
      running.add(CompletableFuture.runAsync(() -> {
        NamespaceReplica replica = store.replica(ns);
        for (int i = 0; i < ops; i++) {
          int dice = random.nextInt(10);
          String key = dice < 7 ? "shared-" + random.nextInt(25) : "n" + id + "-" + UUID.randomUUID();
          byte[] payload = dice < 2 ? null
              : new KvRecord(("from " + id + " #" + i).getBytes(StandardCharsets.UTF_8), null, 0).encode();
          Hlc stamp = replica.write(key, payload);
          acknowledged.add(new Write(key, stamp, payload));
        }
      }, writers));
    }
    running.forEach(CompletableFuture::join);
  }

  private List<String> uniqueKeysOf(int id) {
    synchronized (acknowledged) {
      return acknowledged.stream().filter(w -> w.key().startsWith("n" + id + "-")).map(Write::key).toList();
    }
  }

  /** The LWW rule applied to every acknowledged write: the highest stamp per key wins. */
  private static Map<String, String> lwwOf(List<Write> writes) {
    Map<String, Write> winner = new TreeMap<>();
    synchronized (writes) {
      for (Write w : writes) {
        winner.merge(w.key(), w, (a, b) -> a.stamp().compareTo(b.stamp()) >= 0 ? a : b);
      }
    }
    Map<String, String> visible = new TreeMap<>();
    winner.forEach((k, w) -> {
      if (w.payload() != null) {
        visible.put(k, new String(KvRecord.decode(w.payload()).value(), StandardCharsets.UTF_8));
      }
    });
    return visible;
  }

  private Map<String, String> visible(int id) {
    Map<String, String> out = new TreeMap<>();
    for (Map.Entry<String, LwwMap.Entry> e : nodes.get(id).store().replica(ns).store().snapshot().entries().entrySet()) {
      byte[] v = e.getValue().value();
      if (v != null) {
        out.put(e.getKey(), new String(KvRecord.decode(v).value(), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  private long tombstones(int id) {
    return nodes.get(id).store().replica(ns).store().snapshot().entries().values().stream()
        .filter(LwwMap.Entry::isTombstone).count();
  }

  private String describe(Map<String, String> expected) {
    StringBuilder sb = new StringBuilder("expected " + expected.size() + " live keys;");
    for (int id : nodes.keySet()) {
      Map<String, String> v = visible(id);
      long wrong = expected.entrySet().stream().filter(e -> !e.getValue().equals(v.get(e.getKey()))).count();
      long extra = v.keySet().stream().filter(k -> !expected.containsKey(k)).count();
      sb.append(" node ").append(id).append(": ").append(v.size()).append(" live, ").append(wrong)
          .append(" missing/wrong, ").append(extra).append(" extra;");
    }
    return sb.toString();
  }
}
