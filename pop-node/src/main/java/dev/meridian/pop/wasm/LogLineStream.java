package dev.meridian.pop.wasm;

import dev.meridian.pop.io.LogSink;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * The guest's stderr (and a native guest's stdout): each line becomes one log line of the worker
 * at the given level ({@code error} for stderr, the way {@code console.error} does for JavaScript). A line longer than {@link #MAX_LINE_BYTES} is cut there
 * and the rest starts a new line, so a guest cannot make the host buffer without bound.
 */
final class LogLineStream extends OutputStream {

  static final int MAX_LINE_BYTES = 8 * 1024;

  private final LogSink sink;
  private final String deployment;
  private final @Nullable String requestId;
  private final String level;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();

  LogLineStream(LogSink sink, String deployment, @Nullable String requestId, String level) {
    this.sink = sink;
    this.level = level;
    this.deployment = deployment;
    this.requestId = requestId;
  }

  @Override
  public void write(int b) {
    if (b == '\n') {
      emit();
      return;
    }
    line.write(b);
    if (line.size() >= MAX_LINE_BYTES) {
      emit();
    }
  }

  @Override
  public void write(byte[] bytes, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      write(bytes[i]);
    }
  }

  /** Logs what is left of a last line without a newline. */
  @Override
  public void flush() {
    if (line.size() > 0) {
      emit();
    }
  }

  private void emit() {
    String text = line.toString(StandardCharsets.UTF_8);
    line.reset();
    if (text.endsWith("\r")) {
      text = text.substring(0, text.length() - 1);
    }
    sink.log(deployment, requestId, level, text);
  }
}
