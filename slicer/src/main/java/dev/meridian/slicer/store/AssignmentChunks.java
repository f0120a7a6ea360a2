package dev.meridian.slicer.store;

import dev.meridian.slicer.CorruptAssignmentException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.UUID;
import java.util.zip.CRC32C;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;

/**
 * Stores an encoded assignment too large for one znode (ZooKeeper refuses nodes over {@code
 * jute.maxbuffer}, 1 MB by default) as chunks under {@code assignment-chunks/<name>/<i>}, and puts
 * a small manifest naming them in the assignment node. The manifest is what the compare-and-set
 * writes, so a reader sees either the old chunks or the new, never a mix; chunks of superseded
 * generations are deleted after the next write, one generation late, so that a reader that has
 * just read the previous manifest can still finish.
 */
final class AssignmentChunks {

  /** Largest encoding stored inline, and the size of each chunk. */
  static final int CHUNK_BYTES = 512 * 1024;

  private static final int MAGIC = 0x4d534331; // "MSC1"

  private final CuratorFramework client;
  private final String dir;

  AssignmentChunks(CuratorFramework client, String dir) {
    this.client = client;
    this.dir = dir;
  }

  /** True when {@code bytes} are a manifest rather than an assignment. */
  static boolean isManifest(byte[] bytes) {
    return bytes.length >= 4 && ByteBuffer.wrap(bytes, 0, 4).getInt() == MAGIC;
  }

  /**
   * The bytes to compare-and-set into the assignment node: {@code encoded} itself when it fits,
   * otherwise a manifest, after writing the chunks it names.
   */
  byte[] prepare(long generation, byte[] encoded) throws Exception {
    if (encoded.length <= CHUNK_BYTES) {
      return encoded;
    }
    String name = "g" + generation + "-" + UUID.randomUUID();
    int count = (encoded.length + CHUNK_BYTES - 1) / CHUNK_BYTES;
    for (int i = 0; i < count; i++) {
      byte[] chunk = Arrays.copyOfRange(encoded, i * CHUNK_BYTES,
          Math.min(encoded.length, (i + 1) * CHUNK_BYTES));
      client.create().creatingParentsIfNeeded().forPath(dir + "/" + name + "/" + i, chunk);
    }
    CRC32C crc = new CRC32C();
    crc.update(encoded);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(MAGIC);
    out.writeUTF(name);
    out.writeInt(count);
    out.writeInt(encoded.length);
    out.writeInt((int) crc.getValue());
    return bytes.toByteArray();
  }

  /**
   * The encoded assignment a manifest names, reassembled and checked.
   *
   * @throws KeeperException.NoNodeException if a chunk is gone (the manifest was superseded)
   * @throws CorruptAssignmentException if the manifest or the chunks do not check out
   */
  byte[] resolve(byte[] manifest) throws Exception {
    String name;
    int count;
    int length;
    int expected;
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(manifest))) {
      in.readInt();
      name = in.readUTF();
      count = in.readInt();
      length = in.readInt();
      expected = in.readInt();
    } catch (IOException e) {
      throw new CorruptAssignmentException("assignment manifest is truncated: " + e, e);
    }
    if (count < 1 || length < 0 || (long) count * CHUNK_BYTES < length) {
      throw new CorruptAssignmentException("assignment manifest names " + count + " chunks for "
          + length + " bytes");
    }
    ByteArrayOutputStream joined = new ByteArrayOutputStream(length);
    for (int i = 0; i < count; i++) {
      joined.write(client.getData().forPath(dir + "/" + name + "/" + i));
    }
    byte[] encoded = joined.toByteArray();
    CRC32C crc = new CRC32C();
    crc.update(encoded);
    if (encoded.length != length || (int) crc.getValue() != expected) {
      throw new CorruptAssignmentException("assignment chunks of " + name
          + " do not match their manifest (length or CRC32C)");
    }
    return encoded;
  }

  /** Deletes the chunks of a manifest whose compare-and-set lost. */
  void discard(byte[] manifest) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(manifest))) {
      in.readInt();
      client.delete().deletingChildrenIfNeeded().forPath(dir + "/" + in.readUTF());
    } catch (Exception e) {
      // Left for collect() after a later write.
    }
  }

  /** Deletes chunks of generations before {@code generation - 1}. */
  void collect(long generation) throws Exception {
    for (String child : client.getChildren().forPath(dir)) {
      int dash = child.indexOf('-');
      if (child.startsWith("g") && dash > 1) {
        long g = Long.parseLong(child.substring(1, dash));
        if (g < generation - 1) {
          client.delete().deletingChildrenIfNeeded().forPath(dir + "/" + child);
        }
      }
    }
  }
}
