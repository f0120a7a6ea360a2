package dev.meridian.slicer.store;

import dev.meridian.slicer.Assignment;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a job's stored assignment and keeps the last good one: a newer valid generation is
 * installed and announced to listeners; an older or equal generation is ignored; a corrupt or
 * invalid one is rejected with its reason in {@link #health()}. While the store is unreachable
 * the last good assignment stays in force and the health says so.
 */
public final class AssignmentWatcher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AssignmentWatcher.class);

  private final SlicerStore store;
  private final CopyOnWriteArrayList<Consumer<Assignment>> listeners = new CopyOnWriteArrayList<>();
  private volatile @Nullable Assignment current;
  private volatile @Nullable String rejection;
  private @Nullable AutoCloseable watch;

  public AssignmentWatcher(SlicerStore store) {
    this.store = store;
  }

  /** Calls {@code listener} with each newly installed assignment, on the store's thread. */
  public void addListener(Consumer<Assignment> listener) {
    listeners.add(listener);
  }

  /** Starts watching; a failed first read is not fatal, the watch delivers when it can. */
  public synchronized void start() {
    if (watch != null) {
      return;
    }
    watch = store.watchAssignment(this::offer);
    try {
      offer(store.readAssignment());
    } catch (StoreException e) {
      log.warn("event=assignment_read_failed reason=\"{}\"", e.getMessage());
    }
  }

  /** Considers a stored assignment; public so that other transports can deliver one too. */
  public synchronized void offer(StoredAssignment stored) {
    Assignment next = stored.assignment();
    if (next == null) {
      if (stored.corruption() != null) {
        rejection = "rejected stored assignment (version " + stored.version() + "): "
            + stored.corruption();
        log.warn("event=assignment_rejected reason=\"{}\" in_force={}", stored.corruption(),
            current == null ? 0 : current.generation());
      }
      return;
    }
    Assignment now = current;
    if (now != null && next.generation() <= now.generation()) {
      return;
    }
    current = next;
    rejection = null;
    for (Consumer<Assignment> l : listeners) {
      l.accept(next);
    }
  }

  /** The assignment in force, or null before the first. */
  public @Nullable Assignment current() {
    return current;
  }

  public AssignmentHealth health() {
    Assignment now = current;
    long generation = now == null ? 0 : now.generation();
    if (now == null) {
      return new AssignmentHealth(AssignmentHealth.Status.NONE, 0,
          store.isConnected() ? rejection : "store unreachable");
    }
    if (!store.isConnected()) {
      return new AssignmentHealth(AssignmentHealth.Status.STALE, generation,
          "store unreachable; routing on the last assignment received");
    }
    String why = rejection;
    if (why != null) {
      return new AssignmentHealth(AssignmentHealth.Status.STALE, generation, why);
    }
    return new AssignmentHealth(AssignmentHealth.Status.CURRENT, generation, null);
  }

  @Override
  public synchronized void close() {
    AutoCloseable w = watch;
    watch = null;
    if (w != null) {
      try {
        w.close();
      } catch (Exception e) {
        log.debug("event=watch_close_failed reason=\"{}\"", e.toString());
      }
    }
  }
}
