package dev.meridian.pop.api.compression;

import dev.meridian.pop.api.HostOpException;

/**
 * The errors of this folder and the JavaScript error each becomes. The Compression Streams standard
 * names a {@code TypeError} for every failure to decompress; the others are limits and misuse.
 */
final class CompressionErrors {

  private CompressionErrors() {}

  /** The input is not in the format: a bad header, an invalid block, a wrong checksum. */
  static HostOpException corrupt(Format format, String detail) {
    return HostOpException.typeError("The " + label(format) + " data is corrupt: " + detail);
  }

  /** The input ended before the compressed stream did. */
  static HostOpException truncated(Format format) {
    return HostOpException.typeError("The " + label(format) + " data ended before the end of the compressed stream");
  }

  /** Bytes follow the end of the compressed stream. */
  static HostOpException trailingData(Format format) {
    return HostOpException.typeError("Junk found after the end of the " + label(format) + " compressed stream");
  }

  /** An isolate holds more open streams than it may. */
  static HostOpException tooManyStreams(int limit) {
    return HostOpException.typeError("An isolate may have at most " + limit + " compression streams open at once;"
        + " close or cancel the ones it no longer uses");
  }

  /** The id names no open stream (it was closed, or the stream failed). */
  static HostOpException closed() {
    return HostOpException.typeError("The compression stream is closed");
  }

  private static String label(Format format) {
    return format.name().toLowerCase().replace('_', '-');
  }
}
