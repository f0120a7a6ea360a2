package dev.meridian.slicer.slicelet;

import dev.meridian.slicer.Assignment;
import dev.meridian.slicer.AssignmentMode;
import dev.meridian.slicer.LoadReport;
import dev.meridian.slicer.Slice;
import dev.meridian.slicer.SliceAssignment;
import dev.meridian.slicer.SliceKeys;
import dev.meridian.slicer.SliceLoad;
import dev.meridian.slicer.lease.Lease;
import dev.meridian.slicer.store.AssignmentWatcher;
import dev.meridian.slicer.store.SlicerStore;
import dev.meridian.slicer.store.StoreConflictException;
import dev.meridian.slicer.store.StoreException;
import dev.meridian.slicer.store.StoredAssignment;
import dev.meridian.slicer.store.TaskRecord;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Slicer's agent in a task. It registers the task, renews it every {@code renewInterval}
 * (carrying the load summary and the newest generation installed), installs new assignments from
 * the store, and answers the request path from an immutable snapshot: which slices this task
 * serves, whether a key stayed assigned since a {@link Handle} was taken, and in strong mode the
 * {@link Lease} to serve a key under. See {@link Lease} for the strong-mode protocol.
 *
 * <p>All state changes run on one thread, the {@code executor} given at start; the request path
 * only reads a volatile snapshot, so a stalled executor (a GC pause) can never make a request see
 * a lease extended by a renewal that acknowledged a newer assignment.
 */
public final class Slicelet implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Slicelet.class);
  private static final int LOSS_LOG_SIZE = 1024;

  /** What the request path reads: one assignment with this task's part and lease, all at once. */
  private record View(
      @Nullable Assignment assignment, List<SliceAssignment> owned, long leaseExpiresAt) {

    long generation() {
      return assignment == null ? 0 : assignment.generation();
    }
  }

  private record Loss(long generation, List<Slice> ranges) {}

  private final SliceletConfig config;
  private final SlicerStore store;
  private final LongSupplier nanoTicker;
  private final ScheduledExecutorService executor;
  private final AssignmentWatcher watcher;
  private final LoadCounter load;
  private final List<SliceListener> listeners = new CopyOnWriteArrayList<>();
  private final ArrayDeque<Loss> losses = new ArrayDeque<>();
  private volatile View view = new View(null, List.of(), Long.MIN_VALUE);
  private volatile boolean revoked;
  private volatile boolean closed;
  private TaskRecord record;
  private int version;
  private long lastSummaryAt;
  private long lossFloor;

  private Slicelet(SliceletConfig config, SlicerStore store, LongSupplier nanoTicker,
      ScheduledExecutorService executor) {
    this.config = config;
    this.store = store;
    this.nanoTicker = nanoTicker;
    this.executor = executor;
    this.watcher = new AssignmentWatcher(store);
    this.load = new LoadCounter(config.loadDecay());
    this.record = new TaskRecord(config.taskId(), config.capacity(), 0, 0, false,
        new LoadReport(config.taskId(), 0, List.of()));
  }

  /**
   * Registers the task and starts following the assignment. State changes run on {@code
   * executor}, which the Slicelet shuts down on close.
   *
   * @throws IllegalStateException if a task with this id is registered already: a restarted
   *     process must use a new id
   * @throws StoreException if the store cannot be reached
   */
  public static Slicelet start(SliceletConfig config, SlicerStore store, LongSupplier nanoTicker,
      ScheduledExecutorService executor) {
    Slicelet s = new Slicelet(config, store, nanoTicker, executor);
    try {
      s.version = store.writeTask(s.record, StoredAssignment.ABSENT);
    } catch (StoreConflictException e) {
      executor.shutdownNow();
      throw new IllegalStateException("task id '" + config.taskId() + "' is already registered;"
          + " a restarted task must join under a new id", e);
    }
    long now = nanoTicker.getAsLong();
    s.lastSummaryAt = now;
    s.view = new View(null, List.of(), now + config.leaseDuration().toNanos());
    s.watcher.addListener(a -> executor.execute(() -> s.install(a)));
    s.watcher.start();
    long period = config.renewInterval().toNanos();
    executor.scheduleWithFixedDelay(s::renew, period, period, TimeUnit.NANOSECONDS);
    return s;
  }

  /** This task's id. */
  public String taskId() {
    return config.taskId();
  }

  public void addListener(SliceListener listener) {
    listeners.add(listener);
  }

  private void install(Assignment next) {
    if (closed || revoked || next.generation() <= view.generation()) {
      return;
    }
    View before = view;
    List<SliceAssignment> owned = new ArrayList<>();
    for (SliceAssignment e : next.entries()) {
      if (e.tasks().contains(config.taskId()) && !e.recalled()) {
        owned.add(e);
      }
    }
    view = new View(next, List.copyOf(owned), before.leaseExpiresAt());
    recordLosses(next.generation(), before.owned(), owned);
    announce(next.generation(), before.owned(), owned);
    renew();
  }

  private void announce(long generation, List<SliceAssignment> before,
      List<SliceAssignment> after) {
    Set<List<Long>> old = new HashSet<>();
    for (SliceAssignment e : before) {
      old.add(List.of(e.slice().start(), e.slice().end(), e.token()));
    }
    Set<List<Long>> now = new HashSet<>();
    List<SliceAssignment> added = new ArrayList<>();
    for (SliceAssignment e : after) {
      List<Long> k = List.of(e.slice().start(), e.slice().end(), e.token());
      now.add(k);
      if (!old.contains(k)) {
        added.add(e);
      }
    }
    List<SliceAssignment> removed = new ArrayList<>();
    for (SliceAssignment e : before) {
      if (!now.contains(List.of(e.slice().start(), e.slice().end(), e.token()))) {
        removed.add(e);
      }
    }
    if (added.isEmpty() && removed.isEmpty()) {
      return;
    }
    for (SliceListener l : listeners) {
      try {
        l.slicesChanged(generation, added, removed);
      } catch (RuntimeException e) {
        log.warn("event=slice_listener_failed task={} reason=\"{}\"", config.taskId(),
            e.toString());
      }
    }
  }

  /** Records the key ranges owned before and not after, for {@link #isAssignedContinuously}. */
  private void recordLosses(long generation, List<SliceAssignment> before,
      List<SliceAssignment> after) {
    List<Slice> lost = new ArrayList<>();
    int j = 0;
    for (SliceAssignment e : before) {
      long at = e.slice().start();
      long end = e.slice().end();
      while (j < after.size() && SliceKeys.before(after.get(j).slice().end(), at + 1)) {
        j++;
      }
      int k = j;
      while (SliceKeys.before(at, end)) {
        if (k < after.size() && !SliceKeys.before(at, after.get(k).slice().start())) {
          at = after.get(k).slice().end();
          k++;
        } else {
          long to = k < after.size() && SliceKeys.before(after.get(k).slice().start(), end)
              ? after.get(k).slice().start() : end;
          lost.add(new Slice(at, to));
          at = to;
        }
      }
    }
    if (lost.isEmpty()) {
      return;
    }
    synchronized (losses) {
      losses.addLast(new Loss(generation, lost));
      while (losses.size() > LOSS_LOG_SIZE) {
        lossFloor = losses.removeFirst().generation();
      }
    }
  }

  private void renew() {
    if (closed || revoked) {
      return;
    }
    long sentAt = nanoTicker.getAsLong();
    View v = view;
    List<SliceLoad> loads = load.summarise(v.owned(), (sentAt - lastSummaryAt) / 1e9);
    lastSummaryAt = sentAt;
    TaskRecord next = record.renewed(v.generation(),
        new LoadReport(config.taskId(), v.generation(), loads));
    try {
      version = store.writeTask(next, version);
      record = next;
      View current = view;
      long expiry = Math.max(current.leaseExpiresAt(), sentAt + config.leaseDuration().toNanos());
      view = new View(current.assignment(), current.owned(), expiry);
    } catch (StoreConflictException e) {
      recoverFromConflict();
    } catch (StoreException e) {
      log.debug("event=renew_failed task={} reason=\"{}\"", config.taskId(), e.getMessage());
    }
  }

  /**
   * A renewal found another version than expected: either the Assigner revoked this task, or an
   * earlier renewal that reported a connection error had in fact been applied. Only the second
   * lets the task go on; the lease is not extended by this renewal either way.
   */
  private void recoverFromConflict() {
    try {
      var stored = store.readTask(config.taskId());
      // Only the Assigner writes another task's record, and only to revoke it: a record that is
      // not revoked holds nothing but this task's own writes, so adopting it is safe.
      if (stored != null && !stored.value().revoked()) {
        record = stored.value();
        version = stored.version();
        return;
      }
    } catch (StoreException e) {
      log.debug("event=renew_recheck_failed task={} reason=\"{}\"", config.taskId(),
          e.getMessage());
      return;
    }
    onRevoked();
  }

  private void onRevoked() {
    revoked = true;
    View before = view;
    view = new View(before.assignment(), List.of(), Long.MIN_VALUE);
    log.warn("event=task_revoked task={} generation={}", config.taskId(), before.generation());
    recordLosses(before.generation() + 1, before.owned(), List.of());
    announce(before.generation(), before.owned(), List.of());
  }

  /** The entries this task serves now (in strong mode, not counting recalled ones). */
  public List<SliceAssignment> ownedSlices() {
    return view.owned();
  }

  /** A handle on {@code key}'s assignment as of now. */
  public Handle handle(String key) {
    return new Handle(SliceKeys.of(key), view.generation());
  }

  /**
   * True if the handle's key is assigned to this task now and was in every assignment installed
   * since the handle was taken (the paper's {@code isAssignedContinuously}). False, to be safe,
   * for a handle older than the last 1024 changes this task saw.
   */
  public boolean isAssignedContinuously(Handle handle) {
    View v = view;
    if (v.assignment() == null || revoked) {
      return false;
    }
    SliceAssignment e = v.assignment().entryFor(handle.sliceKey());
    if (!e.tasks().contains(config.taskId()) || e.recalled()) {
      return false;
    }
    synchronized (losses) {
      if (handle.generation() < lossFloor) {
        return false;
      }
      for (Loss loss : losses) {
        if (loss.generation() > handle.generation()) {
          for (Slice s : loss.ranges()) {
            if (s.contains(handle.sliceKey())) {
              return false;
            }
          }
        }
      }
    }
    return true;
  }

  /**
   * Counts {@code weight} of load against the slice holding {@code key}; cheap and lock-free, for
   * the request path. Keys this task does not serve are not counted.
   */
  public void recordLoad(String key, double weight) {
    View v = view;
    Assignment a = v.assignment();
    if (a == null) {
      return;
    }
    SliceAssignment e = a.entryFor(SliceKeys.of(key));
    if (e.tasks().contains(config.taskId())) {
      load.add(e.slice(), weight);
    }
  }

  /**
   * In strong mode, the lease under which this task may serve {@code key} now, or empty if it may
   * not (not the owner, recalled, revoked, or the lease expired). Check it right before the work
   * it guards, and pass its token to storage.
   */
  public Optional<Lease> lease(String key) {
    View v = view;
    Assignment a = v.assignment();
    if (a == null || a.mode() != AssignmentMode.STRONG || revoked) {
      return Optional.empty();
    }
    if (nanoTicker.getAsLong() - v.leaseExpiresAt() >= 0) {
      return Optional.empty();
    }
    SliceAssignment e = a.entryFor(SliceKeys.of(key));
    if (!e.owner().equals(config.taskId()) || e.recalled()) {
      return Optional.empty();
    }
    return Optional.of(new Lease(e.slice(), e.token(), v.leaseExpiresAt()));
  }

  public SliceletHealth health() {
    return new SliceletHealth(watcher.health(),
        !revoked && nanoTicker.getAsLong() - view.leaseExpiresAt() < 0, revoked);
  }

  /**
   * Stops renewing and following, without deregistering: to the Assigner this looks like a crash
   * and the task's slices move after its timeout.
   */
  @Override
  public void close() {
    closed = true;
    watcher.close();
    executor.shutdownNow();
  }
}
