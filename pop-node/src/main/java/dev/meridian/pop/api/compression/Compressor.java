package dev.meridian.pop.api.compression;

import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.jspecify.annotations.Nullable;

/**
 * The host half of a CompressionStream: java.util.zip's {@link Deflater} at the default level, in the
 * zlib framing for {@code deflate}, raw for {@code deflate-raw}, and raw inside a gzip member (RFC
 * 1952 § 2.3: a 10-byte header with no name, time or extra field, the DEFLATE data, then the CRC-32
 * and the size modulo 2^32, little-endian) for {@code gzip}.
 */
final class Compressor implements Codec {

  /** ID1, ID2, CM = deflate, no flags, MTIME 0, XFL 0, OS 255 (unknown), as RFC 1952 § 2.3.1 allows. */
  private static final byte[] GZIP_HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

  private final Format format;
  private final Deflater deflater;
  private final CRC32 crc = new CRC32();
  private final byte[] piece = new byte[MAX_PIECE];
  private boolean headerSent;
  private boolean ended;
  private boolean trailerSent;
  private long size;

  Compressor(Format format) {
    this.format = format;
    this.deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, format.nowrap());
    this.headerSent = format != Format.GZIP;
    this.trailerSent = format != Format.GZIP;
  }

  @Override
  public void push(byte[] input) {
    if (input.length == 0) {
      return;
    }
    deflater.setInput(input);
    crc.update(input);
    size += input.length;
  }

  @Override
  public void end() {
    if (!ended) {
      ended = true;
      deflater.finish();
    }
  }

  @Override
  public byte @Nullable [] pull() {
    if (!headerSent) {
      headerSent = true;
      return GZIP_HEADER.clone();
    }
    if (!deflater.finished()) {
      int n = deflater.deflate(piece, 0, piece.length, Deflater.NO_FLUSH);
      if (n > 0) {
        return Arrays.copyOf(piece, n);
      }
      // Deflater says needsInput before the end, and finished after it: nothing more for now.
      if (!deflater.finished()) {
        return null;
      }
    }
    if (!trailerSent) {
      trailerSent = true;
      long value = crc.getValue();
      return new byte[] {
          (byte) value, (byte) (value >> 8), (byte) (value >> 16), (byte) (value >> 24),
          (byte) size, (byte) (size >> 8), (byte) (size >> 16), (byte) (size >> 24)};
    }
    return null;
  }

  @Override
  public void close() {
    deflater.end();
  }

  @Override
  public String toString() {
    return "Compressor[" + format + "]";
  }
}
