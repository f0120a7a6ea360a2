package dev.meridian.slicer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;

/**
 * The stored form of an assignment: magic {@code MSA1}, a CRC32C of the body, then the body
 * deflated (generation, mode, a table of task ids, and the entries). Decoding checks the magic,
 * the checksum, the lengths and then every invariant of {@link Assignment#of}; any failure is a
 * {@link CorruptAssignmentException} or {@link InvalidAssignmentException}, never a half-read
 * assignment.
 */
public final class AssignmentCodec {

  private static final int MAGIC = 0x4d534131; // "MSA1"
  private static final int MAX_ENTRIES = 1 << 24;

  private AssignmentCodec() {}

  public static byte[] encode(Assignment assignment) {
    return encode(assignment.generation(), assignment.mode(), assignment.entries());
  }

  /**
   * Encodes entries without validating them: for tests that must store what a buggy or hostile
   * writer could, to check that readers reject it.
   */
  static byte[] encode(long generation, AssignmentMode mode, List<SliceAssignment> entries) {
    try {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(new DeflaterOutputStream(body))) {
        out.writeLong(generation);
        out.writeByte(mode.ordinal());
        List<String> table = new ArrayList<>();
        Map<String, Integer> index = new HashMap<>();
        for (SliceAssignment e : entries) {
          for (String t : e.tasks()) {
            index.computeIfAbsent(t, k -> {
              table.add(k);
              return table.size() - 1;
            });
          }
        }
        out.writeInt(table.size());
        for (String t : table) {
          out.writeUTF(t);
        }
        out.writeInt(entries.size());
        for (SliceAssignment e : entries) {
          out.writeLong(e.slice().start());
          out.writeLong(e.slice().end());
          out.writeLong(e.token());
          out.writeBoolean(e.recalled());
          out.writeInt(e.tasks().size());
          for (String t : e.tasks()) {
            out.writeInt(index.get(t));
          }
        }
      }
      byte[] bytes = body.toByteArray();
      CRC32C crc = new CRC32C();
      crc.update(bytes);
      ByteArrayOutputStream framed = new ByteArrayOutputStream(bytes.length + 12);
      DataOutputStream out = new DataOutputStream(framed);
      out.writeInt(MAGIC);
      out.writeInt((int) crc.getValue());
      out.write(bytes);
      return framed.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Decodes stored bytes.
   *
   * @throws CorruptAssignmentException when the bytes are not a whole, intact assignment
   * @throws InvalidAssignmentException when they decode to one that breaks an invariant
   */
  public static Assignment decode(byte[] bytes) {
    if (bytes.length < 8) {
      throw new CorruptAssignmentException(
          "stored assignment is " + bytes.length + " bytes, shorter than its 8-byte header");
    }
    try {
      DataInputStream header = new DataInputStream(new ByteArrayInputStream(bytes, 0, 8));
      int magic = header.readInt();
      if (magic != MAGIC) {
        throw new CorruptAssignmentException(
            "stored assignment has magic 0x" + Integer.toHexString(magic) + ", expected MSA1");
      }
      int expected = header.readInt();
      CRC32C crc = new CRC32C();
      crc.update(bytes, 8, bytes.length - 8);
      if ((int) crc.getValue() != expected) {
        throw new CorruptAssignmentException("stored assignment fails its CRC32C checksum");
      }
      try (DataInputStream in = new DataInputStream(
          new InflaterInputStream(new ByteArrayInputStream(bytes, 8, bytes.length - 8)))) {
        long generation = in.readLong();
        int modeIndex = in.readUnsignedByte();
        AssignmentMode[] modes = AssignmentMode.values();
        if (modeIndex >= modes.length) {
          throw new CorruptAssignmentException("stored assignment has unknown mode " + modeIndex);
        }
        String[] table = new String[checkedCount(in.readInt(), "task table")];
        for (int i = 0; i < table.length; i++) {
          table[i] = in.readUTF();
        }
        int count = checkedCount(in.readInt(), "entry count");
        List<SliceAssignment> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          long start = in.readLong();
          long end = in.readLong();
          long token = in.readLong();
          boolean recalled = in.readBoolean();
          int n = checkedCount(in.readInt(), "task count");
          List<String> tasks = new ArrayList<>(n);
          for (int j = 0; j < n; j++) {
            int t = in.readInt();
            if (t < 0 || t >= table.length) {
              throw new CorruptAssignmentException("stored assignment names task #" + t
                  + " outside its table of " + table.length);
            }
            tasks.add(table[t]);
          }
          Slice slice;
          try {
            slice = new Slice(start, end);
          } catch (IllegalArgumentException e) {
            throw new InvalidAssignmentException(
                "stored assignment entry " + i + ": " + e.getMessage());
          }
          entries.add(new SliceAssignment(slice, tasks, token, recalled));
        }
        return Assignment.of(generation, modes[modeIndex], entries);
      }
    } catch (IOException e) {
      throw new CorruptAssignmentException(
          "stored assignment is truncated or not deflated: " + e, e);
    }
  }

  private static int checkedCount(int n, String what) {
    if (n < 0 || n > MAX_ENTRIES) {
      throw new CorruptAssignmentException("stored assignment has " + what + " " + n);
    }
    return n;
  }
}
