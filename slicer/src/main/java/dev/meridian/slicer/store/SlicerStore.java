package dev.meridian.slicer.store;

import dev.meridian.slicer.Assignment;
import java.util.List;
import java.util.function.Consumer;

/**
 * One job's state in the region's consistent store. Writes are compare-and-set on a version read
 * before; nothing here implements consensus, it relies on the store's. Methods throw {@link
 * StoreException} when the store is unreachable.
 */
public interface SlicerStore extends AutoCloseable {

  /** Reads the stored assignment, which may be absent or corrupt. */
  StoredAssignment readAssignment();

  /**
   * Stores {@code next} if the stored version is still {@code expectedVersion} ({@link
   * StoredAssignment#ABSENT} to create it).
   *
   * @throws StoreConflictException if another writer got there first
   */
  void writeAssignment(Assignment next, int expectedVersion);

  /**
   * Calls {@code listener} asynchronously with the stored assignment whenever it changes and after
   * every reconnection; closing the result stops the calls.
   */
  AutoCloseable watchAssignment(Consumer<StoredAssignment> listener);

  /**
   * Reads every task record; a record that does not decode is logged and returned as {@link
   * TaskRecord#unreadable}.
   */
  List<Versioned<TaskRecord>> readTasks();

  /**
   * Writes a task record if its stored version is {@code expectedVersion} ({@link
   * StoredAssignment#ABSENT} to create it), returning the new version.
   *
   * @throws StoreConflictException if the record changed (for a Slicelet: it was revoked)
   */
  int writeTask(TaskRecord record, int expectedVersion);

  /** Reads one task record, or null if it does not exist. */
  @org.jspecify.annotations.Nullable Versioned<TaskRecord> readTask(String id);

  /** Deletes a task record if its version is still {@code expectedVersion}. */
  void deleteTask(String id, int expectedVersion);

  /** Joins the job's leader election as {@code participantId}. */
  Leadership elect(String participantId);

  /** True while the session with the store is connected. */
  boolean isConnected();

  /** Calls {@code listener} with true/false as the connection comes and goes. */
  void onConnectionChange(Consumer<Boolean> listener);

  @Override
  void close();
}
