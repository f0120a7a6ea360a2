/**
 * CompressionStream and DecompressionStream on java.util.zip: {@link
 * dev.meridian.pop.api.compression.CompressionExtension} registers the ops, {@code Compressor} and
 * {@code Decompressor} hold each stream's zlib state (gzip framing done here). See {@code
 * api/compression/README.md}.
 */
@NullMarked
package dev.meridian.pop.api.compression;

import org.jspecify.annotations.NullMarked;
