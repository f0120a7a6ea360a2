package dev.meridian.pop.api.streams;

import dev.meridian.pop.api.Extension;
import java.util.List;

/**
 * The WHATWG Streams standard: {@code ReadableStream} (default and byte streams, BYOB readers, tee,
 * pipes, async iteration, {@code from}), {@code WritableStream}, {@code TransformStream}, their
 * readers, writers and controllers, and the two queuing strategies. Pure JavaScript; it publishes
 * {@code internals.streams} for the fetch layer and the host's body bridge.
 */
public final class StreamsExtension implements Extension {

  public StreamsExtension() {}

  @Override
  public String name() {
    return "streams";
  }

  @Override
  public List<String> dependencies() {
    return List.of("webidl", "dom");
  }

  @Override
  public List<String> scripts() {
    return List.of(
        "00_streams_common.js",
        "01_readable_stream.js",
        "02_writable_stream.js",
        "03_transform_stream.js",
        "04_pipe.js",
        "05_streams_hooks.js");
  }
}
