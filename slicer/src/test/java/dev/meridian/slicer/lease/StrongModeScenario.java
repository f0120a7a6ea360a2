package dev.meridian.slicer.lease;

import dev.meridian.slicer.AssignmentMode;
import dev.meridian.slicer.SliceAssignment;
import dev.meridian.slicer.SliceKeys;
import dev.meridian.slicer.TestCluster;
import dev.meridian.slicer.assigner.AssignerService;
import dev.meridian.slicer.slicelet.Slicelet;
import dev.meridian.slicer.slicelet.SliceletConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.locks.LockSupport;

/**
 * Strong mode under faults: slicelets write to a shared fenced register under their leases while
 * tasks are paused (their threads stall between the lease check and the write, and their
 * renewals stall), killed and restarted under new ids, partitioned from the store, the Assigner
 * leader stalls between deciding and writing, and the leader is closed and replaced. Everything
 * observed goes into a {@link History}.
 */
final class StrongModeScenario {

  static final int TASKS = 4;
  static final int KEYS = 24;

  record Result(List<String> violations, int accepted, int refused, int ownerChanges,
      long grants, Map<String, Integer> faults, double handoverMedianMs) {

    String summary() {
      return "accepted=" + accepted + " refused_stale=" + refused + " owner_changes="
          + ownerChanges + " grants=" + grants + " faults=" + faults
          + " handover_median_ms=" + String.format("%.1f", handoverMedianMs)
          + " violations=" + violations.size();
    }
  }

  private final class Node {
    final String id;
    final PartitionableStore store;
    final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    final Slicelet slicelet;
    final Thread worker;
    volatile boolean paused;
    volatile boolean stopped;

    Node(String id) {
      this.id = id;
      this.store = new PartitionableStore(cluster.store());
      this.slicelet = Slicelet.start(SliceletConfig.of(id).withTiming(TestCluster.RENEW,
          TestCluster.LEASE), store, System::nanoTime, executor);
      slicelet.addListener((generation, added, removed) -> released(removed));
      this.worker = Thread.ofPlatform().name("writer-" + id).start(this::work);
    }

    private void released(List<SliceAssignment> removed) {
      long at = System.nanoTime();
      List<SliceAssignment> now = slicelet.ownedSlices();
      for (SliceAssignment e : removed) {
        for (long[] part : uncovered(e, now)) {
          history.releases.add(new History.Release(id, part[0], part[1], e.token(), at));
        }
      }
    }

    private void work() {
      SplittableRandom random = new SplittableRandom(id.hashCode());
      while (!stopped) {
        String key = "obj-" + random.nextInt(KEYS);
        long at = System.nanoTime();
        Optional<Lease> lease = slicelet.lease(key);
        if (lease.isEmpty()) {
          LockSupport.parkNanos(1_000_000);
          continue;
        }
        long token = lease.get().token();
        history.checks.add(new History.Check(key, id, token, at, lease.get().expiresAtNanos()));
        while (paused && !stopped) {
          LockSupport.parkNanos(1_000_000); // a GC pause between the lease check and the write
        }
        try {
          register.write(key, token, id, (k, v) ->
              history.accepted.add(new History.Accepted(k, id, token, history.nextOrder())));
        } catch (FencingException e) {
          history.refused.add(new History.Refused(key, id, token));
        }
        LockSupport.parkNanos(500_000);
      }
    }

    void pause() {
      paused = true;
      executor.execute(() -> {
        while (paused && !stopped) {
          LockSupport.parkNanos(1_000_000);
        }
      });
    }

    void kill() {
      stopped = true;
      slicelet.close();
      store.close();
      try {
        worker.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The parts of {@code e} not covered by an entry of {@code now} with the same token. */
  static List<long[]> uncovered(SliceAssignment e, List<SliceAssignment> now) {
    List<long[]> parts = new ArrayList<>();
    long at = e.slice().start();
    long end = e.slice().end();
    for (SliceAssignment n : now) {
      if (n.token() != e.token() || !SliceKeys.before(at, n.slice().end())
          || !SliceKeys.before(n.slice().start(), end)) {
        continue;
      }
      if (SliceKeys.before(at, n.slice().start())) {
        parts.add(new long[] {at, n.slice().start()});
      }
      at = n.slice().end();
      if (!SliceKeys.before(at, end)) {
        return parts;
      }
    }
    parts.add(new long[] {at, end});
    return parts;
  }

  private final TestCluster cluster;
  private final History history = new History();
  private final FencedRegister<String> register = new FencedRegister<>();
  private final SplittableRandom random;
  private final List<Node> nodes = new ArrayList<>();
  private final List<AssignerService> assigners = new ArrayList<>();
  private final Map<AssignerService, PartitionableStore> assignerStores = new HashMap<>();
  private final Map<String, Integer> faults = new HashMap<>();
  private int incarnations;
  private int assignerIds;
  private long grants;

  private StrongModeScenario(TestCluster cluster, long seed) {
    this.cluster = cluster;
    this.random = new SplittableRandom(seed);
  }

  static Result run(Duration duration, long seed) {
    try (TestCluster cluster = new TestCluster("strong-" + seed)) {
      return new StrongModeScenario(cluster, seed).run(duration);
    }
  }

  private Result run(Duration duration) {
    assigners.add(newAssigner());
    assigners.add(newAssigner());
    for (int i = 0; i < TASKS; i++) {
      nodes.add(new Node(nextTaskId()));
    }
    dev.meridian.slicer.Await.until("some task serves a slice",
        () -> nodes.stream().anyMatch(n -> !n.slicelet.ownedSlices().isEmpty()), () -> "");
    long deadline = System.nanoTime() + duration.toNanos();
    while (System.nanoTime() < deadline) {
      injectOneFault();
      replaceRevoked();
      pace(100 + random.nextInt(400));
    }
    for (Node n : nodes) {
      n.paused = false;
      n.kill();
    }
    for (AssignerService a : assigners) {
      grants += a.grants();
      a.close();
    }
    return new Result(HistoryChecker.violations(history), history.accepted.size(),
        history.refused.size(), ownerChanges(), grants, faults, handoverMedianMs());
  }

  private String nextTaskId() {
    return "task-" + (incarnations++);
  }

  private AssignerService newAssigner() {
    PartitionableStore[] store = new PartitionableStore[1];
    AssignerService a = cluster.assigner("assigner-" + (++assignerIds), AssignmentMode.STRONG,
        s -> store[0] = new PartitionableStore(s));
    assignerStores.put(a, store[0]);
    return a;
  }

  /** The fault schedule's pacing: time passing between faults, not a wait for a condition. */
  private static void pace(int millis) {
    LockSupport.parkNanos(millis * 1_000_000L);
  }

  private void injectOneFault() {
    Node victim = nodes.get(random.nextInt(nodes.size()));
    switch (random.nextInt(5)) {
      case 0 -> {
        count("pause");
        victim.pause();
        // Up to twice the time a silent owner's slices take to move, so that some paused
        // writers resume after their slices changed hands and must be fenced off.
        pace(100 + random.nextInt(1400));
        victim.paused = false;
      }
      case 1 -> {
        count("kill_restart");
        victim.kill();
        nodes.remove(victim);
        nodes.add(new Node(nextTaskId()));
      }
      case 2 -> {
        count("partition");
        victim.store.partition();
        pace(200 + random.nextInt(1000));
        victim.store.heal();
      }
      case 3 -> {
        AssignerService leader = leader();
        if (leader != null) {
          count("assigner_write_stall");
          PartitionableStore store = assignerStores.get(leader);
          store.holdWrites();
          pace(100 + random.nextInt(1400));
          store.releaseWrites();
        }
      }
      default -> {
        AssignerService leader = leader();
        if (leader != null) {
          count("assigner_failover");
          grants += leader.grants();
          leader.close();
          assigners.remove(leader);
          assignerStores.remove(leader);
          assigners.add(newAssigner());
        }
      }
    }
  }

  private @org.jspecify.annotations.Nullable AssignerService leader() {
    return assigners.stream().filter(AssignerService::isLeader).findFirst().orElse(null);
  }

  private void replaceRevoked() {
    for (Node n : List.copyOf(nodes)) {
      if (n.slicelet.health().revoked()) {
        count("revoked_restart");
        n.kill();
        nodes.remove(n);
        nodes.add(new Node(nextTaskId()));
      }
    }
  }

  private void count(String fault) {
    faults.merge(fault, 1, Integer::sum);
  }

  /** Changes of owner per key, as seen in accepted writes. */
  private int ownerChanges() {
    Map<String, String> last = new HashMap<>();
    int changes = 0;
    for (History.Accepted a : history.acceptedInOrder()) {
      String before = last.put(a.key(), a.task());
      if (before != null && !before.equals(a.task())) {
        changes++;
      }
    }
    return changes;
  }

  /** Median gap between the old owner's last check and the new owner's first, per change. */
  private double handoverMedianMs() {
    Map<String, List<History.Check>> byKey = new HashMap<>();
    for (History.Check c : history.checks) {
      byKey.computeIfAbsent(c.key(), k -> new ArrayList<>()).add(c);
    }
    List<Long> gaps = new ArrayList<>();
    for (List<History.Check> checks : byKey.values()) {
      checks.sort((a, b) -> Long.compare(a.at(), b.at()));
      for (int i = 1; i < checks.size(); i++) {
        if (!checks.get(i).task().equals(checks.get(i - 1).task())) {
          gaps.add(checks.get(i).at() - checks.get(i - 1).at());
        }
      }
    }
    if (gaps.isEmpty()) {
      return Double.NaN;
    }
    gaps.sort(null);
    return gaps.get(gaps.size() / 2) / 1e6;
  }
}
