package dev.meridian.pop.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code .dev.vars} beside a worker, as wrangler reads it: {@code KEY=value} lines (quotes optional,
 * {@code #} comments) that become secrets on {@code env} in development, kept out of meridian.toml
 * and out of version control.
 */
final class DevVars {

  static final String FILE = ".dev.vars";

  private DevVars() {}

  static Map<String, String> read(Path file) throws IOException {
    Map<String, String> vars = new LinkedHashMap<>();
    if (!Files.isRegularFile(file)) {
      return vars;
    }
    for (String raw : Files.readAllLines(file)) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String value = line.substring(eq + 1).strip();
      if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
          || value.startsWith("'") && value.endsWith("'"))) {
        value = value.substring(1, value.length() - 1);
      }
      vars.put(line.substring(0, eq).strip(), value);
    }
    return vars;
  }
}
