package dev.meridian.pop.api.compression;

import dev.meridian.pop.api.HostOpException;
import org.jspecify.annotations.Nullable;

/**
 * The state of one CompressionStream or DecompressionStream in the host: input goes in with {@link
 * #push}, output comes out in bounded pieces with {@link #pull}, so a small input that inflates to a
 * lot never makes one large Java array: it crosses into the isolate's heap a piece at a time, where
 * the isolate's memory limit governs it.
 */
interface Codec {

  /** The largest piece {@link #pull} returns, in bytes. */
  int MAX_PIECE = 64 * 1024;

  /** Adds input (copied by the caller already: the codec may keep it). */
  void push(byte[] input) throws HostOpException;

  /** Marks the end of the input: the rest of the output, and any trailer, can follow. */
  void end();

  /**
   * The next piece of output, at most {@link #MAX_PIECE} bytes, or null when more input is needed (or,
   * after {@link #end}, when the output is complete). Corrupt, truncated or trailing input throws.
   */
  byte @Nullable [] pull() throws HostOpException;

  /** Frees zlib's native memory; the codec cannot be used afterwards. */
  void close();
}
