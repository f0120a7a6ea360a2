package dev.meridian.pop.api.encoding;

import dev.meridian.pop.api.HostOpException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.util.List;
import java.util.Map;

/**
 * The op {@code op_encoding_decode(encoding, bytes, fatal, flush)}: decodes the legacy multi-byte
 * encodings of the Encoding standard (https://encoding.spec.whatwg.org/#legacy-multi-byte-encodings
 * and its sections) with the JDK's charsets, the closest each has to the standard's decoder.
 *
 * <p>It decodes as much of {@code bytes} as forms whole characters and answers {@code [text,
 * consumed]}; the JavaScript decoder keeps the bytes after {@code consumed} for its next call,
 * which is how {@code stream: true} works. With {@code flush}, a truncated sequence at the end is
 * an error. An error is U+FFFD, or a {@code TypeError} when {@code fatal}.
 *
 * <p>Known differences from the standard's decoders are listed in the folder's README (the JDK's
 * tables predate some index updates, and ISO-2022-JP's mode does not survive between streamed
 * chunks).
 */
final class LegacyDecoder {

  /** Encoding standard name to the JDK charset that decodes it. */
  private static final Map<String, String> CHARSETS =
      Map.of(
          // The standard's GBK decoder is its gb18030 decoder.
          "gbk", "GB18030",
          "gb18030", "GB18030",
          "big5", "Big5-HKSCS",
          "euc-jp", "EUC-JP",
          "iso-2022-jp", "ISO-2022-JP",
          // The standard's Shift_JIS is Microsoft's variant, and its EUC-KR is windows-949.
          "shift_jis", "windows-31j",
          "euc-kr", "x-windows-949");

  private LegacyDecoder() {}

  static Object decode(Object... args) throws HostOpException {
    if (args.length < 4
        || !(args[0] instanceof String encoding)
        || !(args[1] instanceof byte[] bytes)) {
      throw HostOpException.typeError("op_encoding_decode(encoding, bytes, fatal, flush)");
    }
    boolean fatal = Boolean.TRUE.equals(args[2]);
    boolean flush = Boolean.TRUE.equals(args[3]);
    String charsetName = CHARSETS.get(encoding);
    if (charsetName == null) {
      throw HostOpException.rangeError("The encoding '" + encoding + "' is not supported.");
    }
    CodingErrorAction onError = fatal ? CodingErrorAction.REPORT : CodingErrorAction.REPLACE;
    CharsetDecoder decoder =
        Charset.forName(charsetName)
            .newDecoder()
            .onMalformedInput(onError)
            .onUnmappableCharacter(onError)
            .replaceWith("\uFFFD");
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length * 2 + 16);
    try {
      CoderResult result = decoder.decode(in, out, flush);
      if (result.isError()) {
        result.throwException();
      }
      if (flush) {
        result = decoder.flush(out);
        if (result.isError()) {
          result.throwException();
        }
      }
    } catch (CharacterCodingException e) {
      throw HostOpException.typeError("The encoded data is not valid " + encoding + ".");
    }
    out.flip();
    return List.of(out.toString(), (long) in.position());
  }
}
