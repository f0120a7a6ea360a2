package dev.meridian.slicer.lease;

import dev.meridian.slicer.Assignment;
import dev.meridian.slicer.store.Leadership;
import dev.meridian.slicer.store.SlicerStore;
import dev.meridian.slicer.store.StoreException;
import dev.meridian.slicer.store.StoredAssignment;
import dev.meridian.slicer.store.TaskRecord;
import dev.meridian.slicer.store.Versioned;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A store a test can cut off: while partitioned every call fails and no change is delivered; on
 * healing, watchers get the current assignment again (as Curator resyncs after a reconnection).
 * It can also hold writes back, as if the writer paused after deciding and before writing.
 */
final class PartitionableStore implements SlicerStore {

  private final SlicerStore delegate;
  private final List<Consumer<StoredAssignment>> watchers = new CopyOnWriteArrayList<>();
  private volatile boolean partitioned;
  private volatile boolean writesHeld;

  PartitionableStore(SlicerStore delegate) {
    this.delegate = delegate;
  }

  void partition() {
    partitioned = true;
  }

  void heal() {
    partitioned = false;
    try {
      StoredAssignment now = delegate.readAssignment();
      watchers.forEach(w -> w.accept(now));
    } catch (StoreException e) {
      // The real store is down too; its own reconnection will deliver.
    }
  }

  /** Stalls writes until {@link #releaseWrites}: a writer paused between deciding and writing. */
  void holdWrites() {
    writesHeld = true;
  }

  void releaseWrites() {
    writesHeld = false;
  }

  private void stallWhileHeld() {
    while (writesHeld) {
      java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
    }
  }

  private void check() {
    if (partitioned) {
      throw new StoreException("partitioned from the store (test fault)");
    }
  }

  @Override
  public StoredAssignment readAssignment() {
    check();
    return delegate.readAssignment();
  }

  @Override
  public void writeAssignment(Assignment next, int expectedVersion) {
    check();
    stallWhileHeld();
    delegate.writeAssignment(next, expectedVersion);
  }

  @Override
  public AutoCloseable watchAssignment(Consumer<StoredAssignment> listener) {
    Consumer<StoredAssignment> gated = s -> {
      if (!partitioned) {
        listener.accept(s);
      }
    };
    watchers.add(gated);
    AutoCloseable inner = delegate.watchAssignment(gated);
    return () -> {
      watchers.remove(gated);
      inner.close();
    };
  }

  @Override
  public List<Versioned<TaskRecord>> readTasks() {
    check();
    return delegate.readTasks();
  }

  @Override
  public int writeTask(TaskRecord record, int expectedVersion) {
    check();
    stallWhileHeld();
    return delegate.writeTask(record, expectedVersion);
  }

  @Override
  public @Nullable Versioned<TaskRecord> readTask(String id) {
    check();
    return delegate.readTask(id);
  }

  @Override
  public void deleteTask(String id, int expectedVersion) {
    check();
    delegate.deleteTask(id, expectedVersion);
  }

  @Override
  public Leadership elect(String participantId) {
    return delegate.elect(participantId);
  }

  @Override
  public boolean isConnected() {
    return !partitioned && delegate.isConnected();
  }

  @Override
  public void onConnectionChange(Consumer<Boolean> listener) {
    delegate.onConnectionChange(listener);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
