package dev.meridian.pop.api.compression;

import dev.meridian.pop.api.HostOpException;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.jspecify.annotations.Nullable;

/**
 * The host half of a DecompressionStream: java.util.zip's {@link Inflater}, with the gzip member's
 * header and trailer (RFC 1952 § 2.3) parsed and checked here, since Inflater knows only the zlib
 * and raw framings.
 *
 * <p>As the standard says, input after the end of the compressed stream (a second gzip member
 * included) is an error, and so is input that ends before it.
 */
final class Decompressor implements Codec {

  private enum State {
    GZIP_HEADER,
    BODY,
    GZIP_TRAILER,
    DONE
  }

  private static final int FHCRC = 2;
  private static final int FEXTRA = 4;
  private static final int FNAME = 8;
  private static final int FCOMMENT = 16;
  private static final int RESERVED_FLAGS = 0xe0;

  private final Format format;
  private final Inflater inflater;
  private final CRC32 crc = new CRC32();
  private final byte[] piece = new byte[MAX_PIECE];
  /** Input not yet handed to the inflater or parsed: {@code buffer[start, end)}. */
  private byte[] buffer = new byte[0];
  private int start;
  private int end;
  /** The array the inflater was last given, and where its part of it ended. */
  private byte[] inflating = new byte[0];
  private int inflatingEnd;
  private State state;
  private boolean ended;
  private long size;

  Decompressor(Format format) {
    this.format = format;
    this.inflater = new Inflater(format.nowrap());
    this.state = format == Format.GZIP ? State.GZIP_HEADER : State.BODY;
  }

  @Override
  public void push(byte[] input) throws HostOpException {
    if (input.length == 0) {
      return;
    }
    if (state == State.DONE) {
      throw CompressionErrors.trailingData(format);
    }
    if (start == end) {
      buffer = input;
      start = 0;
      end = input.length;
      return;
    }
    byte[] joined = Arrays.copyOf(Arrays.copyOfRange(buffer, start, end), end - start + input.length);
    System.arraycopy(input, 0, joined, end - start, input.length);
    buffer = joined;
    end = joined.length;
    start = 0;
  }

  @Override
  public void end() {
    ended = true;
  }

  @Override
  public byte @Nullable [] pull() throws HostOpException {
    for (;;) {
      switch (state) {
        case GZIP_HEADER -> {
          if (!parseHeader()) {
            return waitOrTruncated();
          }
          state = State.BODY;
        }
        case BODY -> {
          if (inflater.needsInput() && start < end) {
            inflater.setInput(buffer, start, end - start);
            inflating = buffer;
            inflatingEnd = end;
            start = end; // the inflater holds these now; what it leaves comes back when it finishes
          }
          int n;
          try {
            n = inflater.inflate(piece, 0, piece.length);
          } catch (DataFormatException e) {
            throw CompressionErrors.corrupt(format, String.valueOf(e.getMessage()));
          }
          if (n > 0) {
            crc.update(piece, 0, n);
            size += n;
            return Arrays.copyOf(piece, n);
          }
          if (inflater.finished()) {
            // Input after the DEFLATE data goes back in front of the buffer, for the trailer or as junk.
            int remaining = inflater.getRemaining();
            unread(inflating, inflatingEnd - remaining, remaining);
            state = format == Format.GZIP ? State.GZIP_TRAILER : State.DONE;
          } else if (inflater.needsDictionary()) {
            throw CompressionErrors.corrupt(format, "it needs a preset dictionary");
          } else if (inflater.needsInput() && start == end) {
            return waitOrTruncated();
          }
        }
        case GZIP_TRAILER -> {
          if (end - start < 8) {
            return waitOrTruncated();
          }
          long crcValue = u32(start);
          long isize = u32(start + 4);
          start += 8;
          if (crcValue != crc.getValue()) {
            throw CompressionErrors.corrupt(format, "the CRC-32 of the data does not match the trailer's");
          }
          if (isize != (size & 0xffffffffL)) {
            throw CompressionErrors.corrupt(format, "the size of the data does not match the trailer's");
          }
          state = State.DONE;
        }
        case DONE -> {
          if (start < end) {
            throw CompressionErrors.trailingData(format);
          }
          return null;
        }
      }
    }
  }

  /** Puts {@code bytes[from, from + length)} back in front of the buffered input. */
  private void unread(byte[] bytes, int from, int length) {
    if (length == 0) {
      return;
    }
    if (bytes == buffer && from + length == start) {
      start = from;
      return;
    }
    byte[] joined = new byte[length + end - start];
    System.arraycopy(bytes, from, joined, 0, length);
    System.arraycopy(buffer, start, joined, length, end - start);
    buffer = joined;
    start = 0;
    end = joined.length;
  }

  private byte @Nullable [] waitOrTruncated() throws HostOpException {
    if (ended) {
      throw CompressionErrors.truncated(format);
    }
    return null;
  }

  /**
   * Parses a whole gzip header from the buffer (RFC 1952 § 2.3.1), consuming it; false, consuming
   * nothing, if it is not all there yet.
   */
  private boolean parseHeader() throws HostOpException {
    int available = end - start;
    if (available >= 1 && (buffer[start] & 0xff) != 0x1f
        || available >= 2 && (buffer[start + 1] & 0xff) != 0x8b) {
      throw CompressionErrors.corrupt(format, "not in gzip format (wrong magic bytes)");
    }
    if (available >= 3 && buffer[start + 2] != 8) {
      throw CompressionErrors.corrupt(format, "unsupported compression method " + (buffer[start + 2] & 0xff));
    }
    if (available < 10) {
      return false;
    }
    int flags = buffer[start + 3] & 0xff;
    if ((flags & RESERVED_FLAGS) != 0) {
      throw CompressionErrors.corrupt(format, "reserved header flags are set");
    }
    int at = start + 10;
    if ((flags & FEXTRA) != 0) {
      if (end - at < 2) {
        return false;
      }
      at += 2 + ((buffer[at] & 0xff) | (buffer[at + 1] & 0xff) << 8);
      if (at > end) {
        return false;
      }
    }
    for (int flag : new int[] {FNAME, FCOMMENT}) {
      if ((flags & flag) != 0) {
        while (at < end && buffer[at] != 0) {
          at++;
        }
        if (at >= end) {
          return false;
        }
        at++; // the terminating zero
      }
    }
    if ((flags & FHCRC) != 0) {
      if (end - at < 2) {
        return false;
      }
      CRC32 headerCrc = new CRC32();
      headerCrc.update(buffer, start, at - start);
      int expected = (buffer[at] & 0xff) | (buffer[at + 1] & 0xff) << 8;
      if ((headerCrc.getValue() & 0xffff) != expected) {
        throw CompressionErrors.corrupt(format, "the header's CRC-16 does not match");
      }
      at += 2;
    }
    start = at;
    return true;
  }

  private long u32(int at) {
    return (buffer[at] & 0xffL) | (buffer[at + 1] & 0xffL) << 8 | (buffer[at + 2] & 0xffL) << 16
        | (buffer[at + 3] & 0xffL) << 24;
  }

  @Override
  public void close() {
    inflater.end();
  }

  @Override
  public String toString() {
    return "Decompressor[" + format + "]";
  }
}
