package dev.meridian.pop.api.compression;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.pop.api.HostOpException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The codecs against java.util.zip's own streams, both ways, in every format, and on bad input. */
class CodecTest {

  private static final byte[] TEXT = "Meridian compresses this line again and again. ".repeat(2_000)
      .getBytes(StandardCharsets.UTF_8);

  /** Pushes {@code input} in pieces of {@code step} bytes, pulling as it goes, then ends. */
  static byte[] run(Codec codec, byte[] input, int step) throws HostOpException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      for (int i = 0; i < input.length; i += step) {
        codec.push(Arrays.copyOfRange(input, i, Math.min(input.length, i + step)));
        drain(codec, out);
      }
      codec.end();
      drain(codec, out);
      return out.toByteArray();
    } finally {
      codec.close();
    }
  }

  private static void drain(Codec codec, ByteArrayOutputStream out) throws HostOpException {
    for (byte[] piece = codec.pull(); piece != null; piece = codec.pull()) {
      assertTrue(piece.length > 0 && piece.length <= Codec.MAX_PIECE, "piece of " + piece.length);
      out.writeBytes(piece);
    }
  }

  /** What java.util.zip makes of {@code packed} in {@code format}. */
  static byte[] jdkDecode(Format format, byte[] packed) throws IOException {
    InputStream in = switch (format) {
      case GZIP -> new GZIPInputStream(new ByteArrayInputStream(packed));
      case DEFLATE -> new InflaterInputStream(new ByteArrayInputStream(packed));
      case DEFLATE_RAW -> new InflaterInputStream(new ByteArrayInputStream(packed), new Inflater(true));
    };
    try (in) {
      return in.readAllBytes();
    }
  }

  /** What java.util.zip makes of {@code plain} in {@code format}. */
  static byte[] jdkEncode(Format format, byte[] plain) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    OutputStream out = switch (format) {
      case GZIP -> new GZIPOutputStream(bytes);
      case DEFLATE -> new DeflaterOutputStream(bytes);
      case DEFLATE_RAW -> new DeflaterOutputStream(bytes, new Deflater(Deflater.BEST_COMPRESSION, true));
    };
    try (out) {
      out.write(plain);
    }
    return bytes.toByteArray();
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void compressedOutputIsReadByJavaUtilZip(Format format) throws Exception {
    for (int step : new int[] {1_000_000, 7, 100_000}) {
      byte[] packed = run(new Compressor(format), TEXT, step);
      assertTrue(packed.length < TEXT.length / 20, format + " packed " + TEXT.length + " into " + packed.length);
      assertArrayEquals(TEXT, jdkDecode(format, packed));
    }
    assertArrayEquals(new byte[0], jdkDecode(format, run(new Compressor(format), new byte[0], 1)));
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void javaUtilZipOutputIsDecompressedInAnyPieces(Format format) throws Exception {
    byte[] random = new byte[200_000];
    new Random(7).nextBytes(random);
    for (byte[] plain : new byte[][] {TEXT, random, new byte[0]}) {
      byte[] packed = jdkEncode(format, plain);
      for (int step : new int[] {1, 3, 4096, packed.length + 1}) {
        assertArrayEquals(plain, run(new Decompressor(format), packed, step), format + " in pieces of " + step);
      }
    }
  }

  @Test
  void gzipHeadersWithNameCommentExtraAndHeaderCrcAreSkipped() throws Exception {
    byte[] body = jdkEncode(Format.DEFLATE_RAW, TEXT);
    ByteArrayOutputStream member = new ByteArrayOutputStream();
    byte[] header = {0x1f, (byte) 0x8b, 8, 2 | 4 | 8 | 16, 0, 0, 0, 0, 0, 3};
    member.writeBytes(header);
    member.writeBytes(new byte[] {3, 0, 'x', 'y', 'z'}); // FEXTRA of 3 bytes
    member.writeBytes("name.txt\0".getBytes(StandardCharsets.ISO_8859_1));
    member.writeBytes("a comment\0".getBytes(StandardCharsets.ISO_8859_1));
    CRC32 headerCrc = new CRC32();
    headerCrc.update(member.toByteArray());
    member.write((int) headerCrc.getValue() & 0xff);
    member.write((int) (headerCrc.getValue() >> 8) & 0xff);
    member.writeBytes(body);
    CRC32 crc = new CRC32();
    crc.update(TEXT);
    writeLe32(member, crc.getValue());
    writeLe32(member, TEXT.length);
    byte[] gzip = member.toByteArray();
    assertArrayEquals(TEXT, jdkDecode(Format.GZIP, gzip)); // the member is valid gzip
    for (int step : new int[] {1, 5, gzip.length}) {
      assertArrayEquals(TEXT, run(new Decompressor(Format.GZIP), gzip, step));
    }
  }

  private static void writeLe32(ByteArrayOutputStream out, long value) {
    for (int i = 0; i < 4; i++) {
      out.write((int) (value >> (8 * i)) & 0xff);
    }
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void badInputIsATypeError(Format format) throws Exception {
    byte[] packed = jdkEncode(format, TEXT);
    assertTypeError("ended before", () -> run(new Decompressor(format), Arrays.copyOf(packed, packed.length - 3), 100));
    byte[] junk = Arrays.copyOf(packed, packed.length + 1);
    assertTypeError("Junk found after", () -> run(new Decompressor(format), junk, 100));
    byte[] garbage = "this is not compressed at all, not in any format".getBytes(StandardCharsets.UTF_8);
    assertTypeError("corrupt", () -> run(new Decompressor(format), garbage, 100));
    assertTypeError("ended before", () -> run(new Decompressor(format), new byte[0], 1));
  }

  @Test
  void checksumsAreChecked() throws Exception {
    byte[] gzip = jdkEncode(Format.GZIP, TEXT);
    byte[] badCrc = gzip.clone();
    badCrc[badCrc.length - 8] ^= 1;
    assertTypeError("CRC-32", () -> run(new Decompressor(Format.GZIP), badCrc, 1000));
    byte[] badSize = gzip.clone();
    badSize[badSize.length - 1] ^= 1;
    assertTypeError("size", () -> run(new Decompressor(Format.GZIP), badSize, 1000));
    byte[] zlib = jdkEncode(Format.DEFLATE, TEXT);
    zlib[zlib.length - 1] ^= 1; // Adler-32, checked by zlib itself
    assertTypeError("corrupt", () -> run(new Decompressor(Format.DEFLATE), zlib, 1000));
    byte[] twoMembers = Arrays.copyOf(gzip, gzip.length * 2);
    System.arraycopy(gzip, 0, twoMembers, gzip.length, gzip.length);
    assertTypeError("Junk found after", () -> run(new Decompressor(Format.GZIP), twoMembers, 1000));
  }

  @Test
  void aSmallInputThatInflatesToALotComesOutInBoundedPieces() throws Exception {
    byte[] zeros = new byte[10 * 1024 * 1024];
    byte[] packed = jdkEncode(Format.GZIP, zeros);
    Decompressor decompressor = new Decompressor(Format.GZIP);
    decompressor.push(packed);
    decompressor.end();
    long total = 0;
    int pieces = 0;
    for (byte[] piece = decompressor.pull(); piece != null; piece = decompressor.pull()) {
      total += piece.length;
      pieces++;
    }
    decompressor.close();
    assertEquals(zeros.length, total);
    assertTrue(pieces >= zeros.length / Codec.MAX_PIECE, pieces + " pieces");
  }

  private static void assertTypeError(String words, org.junit.jupiter.api.function.Executable run) {
    HostOpException e = assertThrows(HostOpException.class, run);
    assertEquals("TypeError", e.jsClass());
    assertTrue(e.getMessage().contains(words), e.getMessage());
  }
}
