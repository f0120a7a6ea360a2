package dev.meridian.pop.api.compression;

/**
 * The formats of the Compression Streams standard's {@code CompressionFormat} enum, each a framing of
 * DEFLATE (RFC 1951).
 */
enum Format {
  /** RFC 1952: a gzip member, CRC-32 and size in its trailer. */
  GZIP("gzip"),
  /** RFC 1950: the zlib format, Adler-32 in its trailer. */
  DEFLATE("deflate"),
  /** RFC 1951: DEFLATE blocks with no framing. */
  DEFLATE_RAW("deflate-raw");

  private final String label;

  Format(String label) {
    this.label = label;
  }

  /** The format a JavaScript enum value names; the JS side has checked it already. */
  static Format of(String label) {
    for (Format format : values()) {
      if (format.label.equals(label)) {
        return format;
      }
    }
    throw new IllegalArgumentException("not a CompressionFormat: " + label);
  }

  /** Whether java.util.zip's Deflater and Inflater take the stream without zlib's own framing. */
  boolean nowrap() {
    return this != DEFLATE;
  }
}
