package dev.meridian.slicer.assigner;

import dev.meridian.slicer.Assignment;
import dev.meridian.slicer.AssignmentMode;
import dev.meridian.slicer.SliceAssignment;
import dev.meridian.slicer.store.Leadership;
import dev.meridian.slicer.store.SlicerStore;
import dev.meridian.slicer.store.StoreConflictException;
import dev.meridian.slicer.store.StoreException;
import dev.meridian.slicer.store.StoredAssignment;
import dev.meridian.slicer.store.TaskRecord;
import dev.meridian.slicer.store.Versioned;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a job's Assigner rounds while this process is the elected leader: reads the task records
 * and the stored assignment, decides which tasks are alive (revoking those silent past {@code
 * taskTimeout}), computes the next assignment, in strong mode holds back handovers the old owner
 * has not released ({@link StrongHandover}), and writes it by compare-and-set on the version it
 * read. A deposed leader's write therefore fails; a standby takes over through the election.
 *
 * <p>Liveness is judged on this process's clock only: a task is alive while its renewal counter
 * keeps changing. A new leader starts every task's clock at its election, so it never declares a
 * task dead sooner than a full timeout after it could have seen it.
 */
public final class AssignerService implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AssignerService.class);

  /** What this process has seen of one task since it became leader. */
  private static final class Observed {
    long renewals;
    long lastChange;
    long revokedAt;
    boolean revoked;

    Observed(long renewals, long now) {
      this.renewals = renewals;
      this.lastChange = now;
    }
  }

  private final AssignerServiceConfig config;
  private final SlicerStore store;
  private final Assigner assigner;
  private final LongSupplier nanoTicker;
  private final ScheduledExecutorService executor;
  private final Leadership leadership;
  private final Map<String, Observed> observed = new HashMap<>();
  private final AtomicLong writes = new AtomicLong();
  private final AtomicLong grants = new AtomicLong();
  private final AtomicLong revocations = new AtomicLong();
  private volatile @Nullable Assignment lastGood;
  private volatile @Nullable RoundStats lastStats;
  private boolean leading;

  private AssignerService(AssignerServiceConfig config, SlicerStore store,
      LongSupplier nanoTicker, ScheduledExecutorService executor) {
    this.config = config;
    this.store = store;
    this.assigner = new Assigner(config.algorithm(), nanoTicker);
    this.nanoTicker = nanoTicker;
    this.executor = executor;
    this.leadership = store.elect(config.participantId());
  }

  /** Joins the election and runs a round every {@code roundInterval} on {@code executor}. */
  public static AssignerService start(AssignerServiceConfig config, SlicerStore store,
      LongSupplier nanoTicker, ScheduledExecutorService executor) {
    AssignerService s = new AssignerService(config, store, nanoTicker, executor);
    long period = config.roundInterval().toNanos();
    executor.scheduleWithFixedDelay(s::roundSafely, 0, period, TimeUnit.NANOSECONDS);
    return s;
  }

  private void roundSafely() {
    try {
      round();
    } catch (StoreException e) {
      log.warn("event=assigner_round_failed participant={} reason=\"{}\"",
          config.participantId(), e.getMessage());
    } catch (RuntimeException e) {
      log.error("event=assigner_round_error participant={}", config.participantId(), e);
    }
  }

  /** True while this process is the job's Assigner. */
  public boolean isLeader() {
    return leadership.isLeader();
  }

  /** Assignments this process has written. */
  public long writes() {
    return writes.get();
  }

  /** Strong-mode key ranges this process granted to a new owner. */
  public long grants() {
    return grants.get();
  }

  /** Tasks this process revoked for silence. */
  public long revocations() {
    return revocations.get();
  }

  /** The statistics of this process's last round, or null. */
  public @Nullable RoundStats lastStats() {
    return lastStats;
  }

  void round() {
    if (!leadership.isLeader()) {
      if (leading) {
        log.info("event=assigner_deposed participant={}", config.participantId());
      }
      leading = false;
      observed.clear();
      // Another leader may write while we are out: what we last saw is no longer a safe base.
      lastGood = null;
      return;
    }
    if (!leading) {
      leading = true;
      log.info("event=assigner_elected participant={}", config.participantId());
    }
    StoredAssignment stored = store.readAssignment();
    Assignment previous = stored.assignment();
    if (previous == null && stored.corruption() != null) {
      // Affinity mode continues from the last assignment this leader saw. Strong mode does not:
      // a grant it never saw may be in force, so it fences every task off and starts afresh.
      boolean strong = config.algorithm().mode() == AssignmentMode.STRONG;
      log.warn("event=stored_assignment_rejected reason=\"{}\" continuing_from={}",
          stored.corruption(), strong || lastGood == null ? 0 : lastGood.generation());
      previous = strong ? null : lastGood;
    } else if (previous != null) {
      lastGood = previous;
    }
    List<Versioned<TaskRecord>> records = store.readTasks();
    // Taken after the read: a revocation seen in it happened before this instant, and so did
    // every renewal it shows, which is what the lease arithmetic below relies on.
    long now = nanoTicker.getAsLong();
    Map<String, Versioned<TaskRecord>> byId = new HashMap<>();
    List<TaskInfo> healthy = new ArrayList<>();
    Set<String> expired = new HashSet<>();
    long floor = 0;
    long leaseNanos = config.leaseDuration().plus(config.driftMargin()).toNanos();
    for (Versioned<TaskRecord> v : records) {
      TaskRecord r = v.value();
      byId.put(r.id(), v);
      floor = Math.max(floor, r.seenGeneration());
      Observed o = observed.computeIfAbsent(r.id(), id -> new Observed(r.renewals(), now));
      if (r.revoked()) {
        if (!o.revoked) {
          o.revoked = true;
          o.revokedAt = now;
        }
        if (now - o.revokedAt >= leaseNanos) {
          expired.add(r.id());
        }
        continue;
      }
      if (r.renewals() != o.renewals) {
        o.renewals = r.renewals();
        o.lastChange = now;
      }
      if (now - o.lastChange > config.taskTimeout().toNanos()) {
        revoke(v, o, now);
        continue;
      }
      healthy.add(new TaskInfo(r.id(), r.capacity()));
    }
    observed.keySet().retainAll(byId.keySet());
    if (healthy.isEmpty()) {
      log.warn("event=no_healthy_task participant={} in_force={}", config.participantId(),
          previous == null ? 0 : previous.generation());
      return;
    }
    if (previous == null && config.algorithm().mode() == AssignmentMode.STRONG
        && !fencedOff(records, expired, now)) {
      return;
    }
    Set<String> healthyIds = new HashSet<>();
    healthy.forEach(t -> healthyIds.add(t.id()));
    ReportedLoads loads = new ReportedLoads(healthyIds);
    for (Versioned<TaskRecord> v : records) {
      if (healthyIds.contains(v.value().id())) {
        try {
          loads.accept(v.value().load());
        } catch (RejectedReportException e) {
          log.warn("event=load_report_rejected reason=\"{}\"", e.getMessage());
        }
      }
    }
    Round round = assigner.next(previous, healthy, loads.build());
    Assignment next = round.assignment();
    if (previous == null) {
      // Nothing valid to continue from: start above every generation anyone may have seen. Each
      // write's generation is at most the store stamp of that write (generations grow by one per
      // write, stamps by at least one), so starting above the current stamp is enough.
      floor = Math.max(floor, stored.stamp());
    }
    if (floor >= next.generation()) {
      next = Assignment.of(floor + 1, next.mode(), rebase(next, floor + 1));
    }
    if (previous != null && next.mode() == AssignmentMode.STRONG) {
      Assignment before = previous;
      next = StrongHandover.apply(previous, next,
          id -> releasedRecall(byId.get(id), before.generation()),
          id -> expired.contains(id) || !byId.containsKey(id));
    }
    lastStats = round.stats();
    if (stored.assignment() != null && previous != null
        && previous.entries().equals(next.entries())) {
      cleanUp(byId, expired, previous);
      return;
    }
    try {
      store.writeAssignment(next, stored.version());
    } catch (StoreConflictException e) {
      log.info("event=assignment_write_lost participant={} reason=\"{}\"",
          config.participantId(), e.getMessage());
      return;
    }
    writes.incrementAndGet();
    grants.addAndGet(countGrants(previous, next));
    lastGood = next;
    log.info("event=assignment_written participant={} generation={} slices={} tasks={}"
            + " imbalance={} churn={}", config.participantId(), next.generation(),
        next.entries().size(), healthy.size(), String.format("%.3f", round.stats().imbalance()),
        String.format("%.4f", round.stats().churn()));
    cleanUp(byId, expired, next);
  }

  /**
   * Strong mode with no assignment to continue from (the stored one is corrupt and this leader
   * never saw a good one): tasks that served some generation may still hold leases on slices we
   * cannot see, so revoke them all and wait out their leases before granting anything.
   */
  private boolean fencedOff(List<Versioned<TaskRecord>> records, Set<String> expired, long now) {
    boolean clear = true;
    for (Versioned<TaskRecord> v : records) {
      TaskRecord r = v.value();
      if (r.seenGeneration() > 0 && !expired.contains(r.id())) {
        clear = false;
        Observed o = observed.get(r.id());
        if (o != null && !o.revoked) {
          revoke(v, o, now);
        }
      }
    }
    if (!clear) {
      log.warn("event=strong_restart_fencing participant={} reason=\"no readable assignment;"
          + " revoking tasks that served and waiting out their leases\"", config.participantId());
    }
    return clear;
  }

  private static List<SliceAssignment> rebase(Assignment a, long generation) {
    List<SliceAssignment> out = new ArrayList<>(a.entries().size());
    for (SliceAssignment e : a.entries()) {
      long token = a.mode() == AssignmentMode.STRONG ? generation : 0;
      out.add(new SliceAssignment(e.slice(), e.tasks(), token, false));
    }
    return out;
  }

  private static boolean releasedRecall(@Nullable Versioned<TaskRecord> record, long generation) {
    return record == null || record.value().seenGeneration() >= generation;
  }

  private static long countGrants(@Nullable Assignment previous, Assignment next) {
    if (previous == null || next.mode() != AssignmentMode.STRONG) {
      return 0;
    }
    long n = 0;
    for (SliceAssignment e : next.entries()) {
      if (e.token() == next.generation()) {
        n++;
      }
    }
    return n;
  }

  private void revoke(Versioned<TaskRecord> v, Observed o, long now) {
    try {
      store.writeTask(v.value().revoke(), v.version());
      // The task's last successful renewal is the version just replaced, sent before this
      // write completed: its lease ends within leaseDuration of this instant, not of `now`.
      o.revoked = true;
      o.revokedAt = nanoTicker.getAsLong();
      revocations.incrementAndGet();
      log.info("event=task_revoked participant={} task={} silent_ms={}", config.participantId(),
          v.value().id(), (now - o.lastChange) / 1_000_000);
    } catch (StoreConflictException e) {
      log.debug("event=revoke_lost task={} (it renewed meanwhile)", v.value().id());
    }
  }

  /** Deletes records of revoked tasks whose leases expired and that no longer own anything. */
  private void cleanUp(Map<String, Versioned<TaskRecord>> byId, Set<String> expired,
      Assignment inForce) {
    Set<String> named = inForce.tasks();
    for (String id : expired) {
      if (!named.contains(id)) {
        try {
          store.deleteTask(id, byId.get(id).version());
        } catch (StoreConflictException e) {
          log.debug("event=delete_lost task={}", id);
        }
      }
    }
  }

  /** Leaves the election and stops running rounds. */
  @Override
  public void close() {
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    leadership.close();
  }
}
