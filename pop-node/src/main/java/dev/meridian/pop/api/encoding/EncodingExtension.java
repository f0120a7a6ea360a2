package dev.meridian.pop.api.encoding;

import dev.meridian.pop.api.Extension;
import dev.meridian.pop.api.HostOp;
import java.util.List;

/**
 * The Encoding standard: {@code TextEncoder}, {@code TextDecoder}, {@code TextEncoderStream} and
 * {@code TextDecoderStream}. UTF-8, UTF-16 and the single-byte encodings are decoded in
 * JavaScript; the legacy multi-byte encodings go to {@link LegacyDecoder} through the op
 * {@code op_encoding_decode}.
 */
public final class EncodingExtension implements Extension {

  public EncodingExtension() {}

  @Override
  public String name() {
    return "encoding";
  }

  @Override
  public List<String> dependencies() {
    return List.of("webidl", "dom", "streams");
  }

  @Override
  public List<String> scripts() {
    return List.of("00_encoding_data.js", "01_encoding.js", "02_encoding_streams.js");
  }

  @Override
  public List<HostOp> ops() {
    return List.of(new HostOp("op_encoding_decode", LegacyDecoder::decode));
  }
}
