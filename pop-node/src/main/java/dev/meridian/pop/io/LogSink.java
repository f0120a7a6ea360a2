package dev.meridian.pop.io;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Where a worker's console output and errors go: one structured line each. */
@FunctionalInterface
public interface LogSink {

  void log(String deployment, @Nullable String requestId, String level, String message);

  /** key=value lines through SLF4J, under the logger {@code meridian.worker}. */
  static LogSink structured() {
    Logger log = LoggerFactory.getLogger("meridian.worker");
    return (deployment, requestId, level, message) -> {
      String line = "event=console deployment=" + deployment + " request=" + (requestId == null ? "-" : requestId)
          + " msg=" + quote(message);
      switch (level) {
        case "error" -> log.error(line);
        case "warn" -> log.warn(line);
        case "debug" -> log.debug(line);
        default -> log.info(line);
      }
    };
  }

  /** Quotes a value for a key=value line: one line, quotes and backslashes escaped. */
  static String quote(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> out.append(c);
      }
    }
    return out.append('"').toString();
  }
}
