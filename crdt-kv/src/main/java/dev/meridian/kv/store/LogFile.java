package dev.meridian.kv.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * An append-only file of checksummed records. Each record is {@code [length u32][crc32c u32][body]}
 * (big-endian), the checksum covering the body. On open the file is scanned from the start; the
 * first record that is cut short, has an impossible length or a wrong checksum marks the end of
 * what was written whole, and the file is truncated there (a torn tail from a crash). Corruption
 * in the middle of the file therefore loses the records after it; the log says how many bytes.
 *
 * <p>Not thread-safe for appends; positional {@link #read} may run concurrently with appends.
 */
final class LogFile implements AutoCloseable {

  /** No record body is larger: a 25 MiB value plus key, metadata and headers. */
  static final int MAX_BODY = 26 << 20;

  private static final int HEADER = 8;

  /** Batched appends are written in pieces of at most this size (unless one record is larger). */
  static final int MAX_WRITE = 8 << 20;

  /** Receives each whole record found while opening. */
  interface Visitor {
    void record(LogFile file, long offset, byte[] body);
  }

  private final Path path;
  private final FileChannel channel;
  private long size;
  private long truncatedBytes;

  private LogFile(Path path, FileChannel channel) {
    this.path = path;
    this.channel = channel;
  }

  /**
   * Opens (or creates) the file, hands every whole record to {@code visitor}, and cuts any torn
   * tail. The visitor gets the file itself too, and may {@link #read} records it was handed.
   */
  static LogFile open(Path path, Visitor visitor) throws IOException {
    FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    LogFile log = new LogFile(path, ch);
    long fileSize = ch.size();
    long pos = 0;
    ByteBuffer header = ByteBuffer.allocate(HEADER);
    while (pos + HEADER <= fileSize) {
      header.clear();
      readFully(ch, header, pos);
      header.flip();
      int length = header.getInt();
      int crc = header.getInt();
      if (length < 0 || length > MAX_BODY || pos + HEADER + length > fileSize) {
        break;
      }
      ByteBuffer body = ByteBuffer.allocate(length);
      readFully(ch, body, pos + HEADER);
      if (crc(body.array()) != crc) {
        break;
      }
      visitor.record(log, pos, body.array());
      pos += HEADER + length;
    }
    long cut = fileSize - pos;
    if (cut > 0) {
      ch.truncate(pos);
      ch.force(true);
    }
    log.size = pos;
    log.truncatedBytes = cut;
    return log;
  }

  /** Appends a record; returns its offset. Forces it to disk when {@code force}. */
  long append(byte[] body, boolean force) {
    long offset = appendAll(List.of(body))[0];
    if (force) {
      force();
    }
    return offset;
  }

  /** Appends records, in writes of up to {@link #MAX_WRITE} bytes; returns their offsets. */
  long[] appendAll(List<byte[]> bodies) {
    long[] offsets = new long[bodies.size()];
    int from = 0;
    while (from < bodies.size()) {
      int to = from;
      long bytes = 0;
      while (to < bodies.size() && (to == from || bytes + HEADER + bodies.get(to).length <= MAX_WRITE)) {
        if (bodies.get(to).length > MAX_BODY) {
          throw new IllegalArgumentException("record of " + bodies.get(to).length + " bytes exceeds " + MAX_BODY);
        }
        bytes += HEADER + bodies.get(to).length;
        to++;
      }
      ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(bytes));
      long at = size;
      for (int i = from; i < to; i++) {
        byte[] body = bodies.get(i);
        offsets[i] = at;
        buf.putInt(body.length).putInt(crc(body)).put(body);
        at += HEADER + body.length;
      }
      buf.flip();
      try {
        while (buf.hasRemaining()) {
          channel.write(buf, size + buf.position());
        }
      } catch (IOException e) {
        throw new UncheckedIOException("append to " + path + " failed", e);
      }
      size = at;
      from = to;
    }
    return offsets;
  }

  /** Reads the body of the record at {@code offset}, checking its checksum again. */
  byte[] read(long offset) {
    try {
      ByteBuffer header = ByteBuffer.allocate(HEADER);
      readFully(channel, header, offset);
      header.flip();
      int length = header.getInt();
      int crc = header.getInt();
      if (length < 0 || length > MAX_BODY) {
        throw new IOException("bad record length " + length + " at offset " + offset);
      }
      ByteBuffer body = ByteBuffer.allocate(length);
      readFully(channel, body, offset + HEADER);
      if (crc(body.array()) != crc) {
        throw new IOException("checksum mismatch at offset " + offset + " of " + path);
      }
      return body.array();
    } catch (IOException e) {
      throw new UncheckedIOException("read of " + path + " failed", e);
    }
  }

  void force() {
    try {
      channel.force(false);
    } catch (IOException e) {
      throw new UncheckedIOException("fsync of " + path + " failed", e);
    }
  }

  long size() {
    return size;
  }

  /** Bytes cut off the end when the file was opened: a torn or corrupted tail. */
  long truncatedBytes() {
    return truncatedBytes;
  }

  Path path() {
    return path;
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("close of " + path + " failed", e);
    }
  }

  private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
    while (buf.hasRemaining()) {
      int n = ch.read(buf, pos + buf.position());
      if (n < 0) {
        throw new IOException("unexpected end of file at " + (pos + buf.position()));
      }
    }
  }

  static int crc(byte[] body) {
    CRC32C c = new CRC32C();
    c.update(body);
    return (int) c.getValue();
  }
}
