package dev.meridian.pop.api.compression;

import dev.meridian.pop.api.Extension;
import dev.meridian.pop.api.HostOp;
import dev.meridian.pop.api.HostOpException;
import dev.meridian.pop.api.OpContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CompressionStream and DecompressionStream of the Compression Streams standard, in gzip, deflate and
 * deflate-raw, on java.util.zip. Each stream's {@link Codec} lives in the isolate that made it ({@link
 * OpContext#local}), under an id its JavaScript holds.
 *
 * <p>Ops: {@code op_compression_open(format, decompress)} → id; {@code op_compression_push(id,
 * bytes)}; {@code op_compression_end(id)}; {@code op_compression_pull(id)} → the next piece of output
 * or null; {@code op_compression_close(id)}, which frees the codec (after the end, on cancel, on error).
 *
 * <table>
 *   <caption>Limits</caption>
 *   <tr><th>limit</th><th>default</th><th>past it</th></tr>
 *   <tr><td>streams open at once per isolate</td><td>{@link #DEFAULT_MAX_OPEN}</td><td>the constructor
 *       throws a TypeError</td></tr>
 *   <tr><td>output per pull</td><td>{@link Codec#MAX_PIECE} bytes</td><td>the rest comes with the next
 *       pull, so inflated data lands in the isolate's heap (and its limit) piece by piece</td></tr>
 * </table>
 */
public final class CompressionExtension implements Extension {

  /**
   * Open streams per isolate: each holds zlib's native state (up to a few hundred KB), outside the
   * isolate's heap limit, until it is ended, cancelled or fails.
   */
  public static final int DEFAULT_MAX_OPEN = 1_024;

  private final int maxOpen;

  public CompressionExtension() {
    this(DEFAULT_MAX_OPEN);
  }

  public CompressionExtension(int maxOpen) {
    if (maxOpen < 1) {
      throw new IllegalArgumentException("at least one compression stream must be allowed, was " + maxOpen);
    }
    this.maxOpen = maxOpen;
  }

  /** The codecs of one isolate, by id. */
  private static final class Open {
    final Map<Double, Codec> byId = new HashMap<>();
    double nextId = 1;
  }

  @Override
  public String name() {
    return "compression";
  }

  @Override
  public List<String> dependencies() {
    return List.of("webidl", "streams");
  }

  @Override
  public List<String> scripts() {
    return List.of("01_compression.js");
  }

  @Override
  public List<HostOp> ops() {
    return List.of(
        new HostOp("op_compression_open", args -> {
          Open open = open();
          if (open.byId.size() >= maxOpen) {
            throw CompressionErrors.tooManyStreams(maxOpen);
          }
          Format format = Format.of((String) args[0]);
          double id = open.nextId++;
          open.byId.put(id, Boolean.TRUE.equals(args[1]) ? new Decompressor(format) : new Compressor(format));
          return id;
        }),
        new HostOp("op_compression_push", args -> {
          codec(args[0]).push((byte[]) args[1]);
          return null;
        }),
        new HostOp("op_compression_end", args -> {
          codec(args[0]).end();
          return null;
        }),
        new HostOp("op_compression_pull", args -> codec(args[0]).pull()),
        new HostOp("op_compression_close", args -> {
          Codec codec = open().byId.remove(((Number) args[0]).doubleValue());
          if (codec != null) {
            codec.close();
          }
          return null;
        }));
  }

  private static Open open() {
    return OpContext.current().local(Open.class, Open::new);
  }

  private static Codec codec(Object id) throws HostOpException {
    Codec codec = open().byId.get(((Number) id).doubleValue());
    if (codec == null) {
      throw CompressionErrors.closed();
    }
    return codec;
  }
}
