package dev.meridian.kv.crdt;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The compact binary encoding shared by the CRDT types: unsigned LEB128 varints, length-prefixed
 * byte strings, and a two-byte header (version, type tag) in front of every encoded state. A
 * reader that meets a version it does not know throws {@link UnsupportedVersionException}; one
 * that meets truncated or inconsistent bytes throws {@link MalformedEncodingException}, never an
 * index or allocation error.
 */
public final class Wire {

  /** The version byte every type in this build writes. */
  public static final int VERSION = 1;

  static final int TAG_LWW_MAP = 1;
  static final int TAG_G_COUNTER = 2;
  static final int TAG_PN_COUNTER = 3;
  static final int TAG_OR_SET = 4;
  static final int TAG_MV_REGISTER = 5;

  private Wire() {}

  /** Appends values to a growing byte array. */
  public static final class Writer {
    private final ByteArrayOutputStream out;

    public Writer() {
      this(64);
    }

    public Writer(int capacity) {
      out = new ByteArrayOutputStream(capacity);
    }

    public Writer header(int version, int tag) {
      out.write(version);
      out.write(tag);
      return this;
    }

    public Writer u8(int b) {
      out.write(b);
      return this;
    }

    public Writer varLong(long v) {
      while ((v & ~0x7FL) != 0) {
        out.write((int) ((v & 0x7F) | 0x80));
        v >>>= 7;
      }
      out.write((int) v);
      return this;
    }

    public Writer varInt(int v) {
      return varLong(v & 0xFFFFFFFFL);
    }

    public Writer bytes(byte[] b) {
      varInt(b.length);
      out.write(b, 0, b.length);
      return this;
    }

    public Writer raw(byte[] b) {
      out.write(b, 0, b.length);
      return this;
    }

    public Writer string(String s) {
      return bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    public byte[] toByteArray() {
      return out.toByteArray();
    }
  }

  /** Reads values back, checking every length against what is left. */
  public static final class Reader {
    private final byte[] buf;
    private int pos;
    private final int end;

    public Reader(byte[] buf) {
      this(buf, 0, buf.length);
    }

    public Reader(byte[] buf, int offset, int length) {
      this.buf = buf;
      this.pos = offset;
      this.end = offset + length;
    }

    /** Reads the header and checks it; returns the version. */
    public int header(int supportedVersion, int expectedTag, String what) {
      int version = u8();
      if (version != supportedVersion) {
        throw new UnsupportedVersionException(what, version, supportedVersion);
      }
      int tag = u8();
      if (tag != expectedTag) {
        throw new MalformedEncodingException(what + ": type tag " + tag + ", expected " + expectedTag);
      }
      return version;
    }

    public int u8() {
      if (pos >= end) {
        throw new MalformedEncodingException("truncated: expected a byte at offset " + pos);
      }
      return buf[pos++] & 0xFF;
    }

    public long varLong() {
      long result = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        int b = u8();
        result |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          return result;
        }
      }
      throw new MalformedEncodingException("varint longer than 10 bytes");
    }

    public int varInt() {
      long v = varLong();
      if ((v >>> 32) != 0) {
        throw new MalformedEncodingException("varint " + v + " does not fit 32 bits");
      }
      return (int) v;
    }

    /** A count of items that each take at least {@code minBytesEach} bytes: bounded by what is left. */
    public int count(int minBytesEach) {
      int n = varInt();
      if (n < 0 || (long) n * minBytesEach > remaining()) {
        throw new MalformedEncodingException("count " + n + " exceeds the " + remaining() + " bytes left");
      }
      return n;
    }

    public byte[] bytes() {
      int n = varInt();
      if (n < 0 || n > remaining()) {
        throw new MalformedEncodingException("length " + n + " exceeds the " + remaining() + " bytes left");
      }
      byte[] b = Arrays.copyOfRange(buf, pos, pos + n);
      pos += n;
      return b;
    }

    public String string() {
      return new String(bytes(), StandardCharsets.UTF_8);
    }

    public int remaining() {
      return end - pos;
    }

    public void expectEnd() {
      if (pos != end) {
        throw new MalformedEncodingException((end - pos) + " trailing bytes");
      }
    }
  }
}
