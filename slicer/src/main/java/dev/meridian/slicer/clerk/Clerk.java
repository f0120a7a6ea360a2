package dev.meridian.slicer.clerk;

import dev.meridian.slicer.Assignment;
import dev.meridian.slicer.SliceKeys;
import dev.meridian.slicer.store.AssignmentHealth;
import dev.meridian.slicer.store.AssignmentWatcher;
import dev.meridian.slicer.store.SlicerStore;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Looks keys up in a local copy of the job's assignment, kept current by watching the store.
 * Lookups never call the store: when it is unreachable, or publishes a corrupt assignment, the
 * Clerk keeps routing on the last good one and {@link #health()} says so. Used in PoPs (to find a
 * Durable Object's owner) and in the DNS.
 */
public final class Clerk implements AutoCloseable {

  private final AssignmentWatcher watcher;

  private Clerk(AssignmentWatcher watcher) {
    this.watcher = watcher;
  }

  /** Starts a Clerk following the store's assignment. */
  public static Clerk start(SlicerStore store) {
    AssignmentWatcher watcher = new AssignmentWatcher(store);
    watcher.start();
    return new Clerk(watcher);
  }

  /** The task(s) owning {@code key}; empty before the first assignment arrives. */
  public List<String> lookup(String key) {
    return lookupSliceKey(SliceKeys.of(key));
  }

  /** The task(s) owning a slice key; empty before the first assignment arrives. */
  public List<String> lookupSliceKey(long sliceKey) {
    Assignment a = watcher.current();
    return a == null ? List.of() : a.tasksFor(sliceKey);
  }

  /** The assignment in force, or null before the first. */
  public @Nullable Assignment assignment() {
    return watcher.current();
  }

  public AssignmentHealth health() {
    return watcher.health();
  }

  @Override
  public void close() {
    watcher.close();
  }
}
