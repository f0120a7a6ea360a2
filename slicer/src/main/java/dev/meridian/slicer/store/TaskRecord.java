package dev.meridian.slicer.store;

import dev.meridian.slicer.LoadReport;
import dev.meridian.slicer.Slice;
import dev.meridian.slicer.SliceLoad;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A task's record in the store: written by its Slicelet at every renewal, and once by the Assigner
 * to revoke it.
 *
 * @param id the task's id, unique per incarnation
 * @param capacity the load at which the task is full
 * @param renewals how many times the Slicelet has renewed; the Assigner notices a task is alive
 *     when this grows
 * @param seenGeneration the newest assignment the Slicelet has installed: in strong mode, its
 *     acknowledgement that it stopped serving every slice recalled in that generation
 * @param revoked set by the Assigner when the task timed out: its lease can no longer be renewed,
 *     and a restarted process must join under a new id
 * @param load the Slicelet's last load summary
 */
public record TaskRecord(
    String id, double capacity, long renewals, long seenGeneration, boolean revoked,
    LoadReport load) {

  private static final int MAGIC = 0x4d535431; // "MST1"

  public TaskRecord {
    if (!id.equals(load.task())) {
      throw new IllegalArgumentException("task record " + id + " carries a load report of "
          + load.task());
    }
  }

  /**
   * Stands in for a stored record that does not decode: it never renews, so the Assigner times
   * the task out and revokes it (overwriting the bad bytes) rather than trusting or ignoring it.
   */
  public static TaskRecord unreadable(String id) {
    return new TaskRecord(id, Double.POSITIVE_INFINITY, -1, 0, false,
        new LoadReport(id, 0, java.util.List.of()));
  }

  /** This record after one more renewal. */
  public TaskRecord renewed(long seenGeneration, LoadReport load) {
    return new TaskRecord(id, capacity, renewals + 1, seenGeneration, revoked, load);
  }

  /** This record, revoked. */
  public TaskRecord revoke() {
    return new TaskRecord(id, capacity, renewals, seenGeneration, true, load);
  }

  public byte[] encode() {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeInt(MAGIC);
      out.writeUTF(id);
      out.writeDouble(capacity);
      out.writeLong(renewals);
      out.writeLong(seenGeneration);
      out.writeBoolean(revoked);
      out.writeLong(load.generation());
      out.writeInt(load.slices().size());
      for (SliceLoad s : load.slices()) {
        out.writeLong(s.slice().start());
        out.writeLong(s.slice().end());
        out.writeDouble(s.load());
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Decodes a stored record.
   *
   * @throws IllegalArgumentException if the bytes are not a task record
   */
  public static TaskRecord decode(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      if (in.readInt() != MAGIC) {
        throw new IllegalArgumentException("not a task record (bad magic)");
      }
      String id = in.readUTF();
      double capacity = in.readDouble();
      long renewals = in.readLong();
      long seen = in.readLong();
      boolean revoked = in.readBoolean();
      long loadGeneration = in.readLong();
      int n = in.readInt();
      if (n < 0 || n > bytes.length / 24) {
        throw new IllegalArgumentException("task record " + id + " claims " + n + " slice loads");
      }
      List<SliceLoad> loads = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        loads.add(new SliceLoad(new Slice(in.readLong(), in.readLong()), in.readDouble()));
      }
      return new TaskRecord(id, capacity, renewals, seen, revoked,
          new LoadReport(id, loadGeneration, loads));
    } catch (IOException e) {
      throw new IllegalArgumentException("task record is truncated: " + e, e);
    }
  }
}
