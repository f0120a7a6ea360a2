package dev.meridian.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.util.Map;
import java.util.Set;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * {@code meridian tail [--name NAME] [--format pretty|json]}: the worker's console output and errors
 * from every PoP, live, until interrupted.
 */
final class TailCommand implements Meridian.Command {

  static final String USAGE = "usage: meridian tail [--name NAME] [--format pretty|json]\n"
      + "  --name    the worker (default: the name in ./meridian.toml)\n"
      + "  --format  pretty (default): one readable line per event; json: the events as sent\n";

  @Override
  public String summary() {
    return "stream a worker's live logs from the PoPs";
  }

  @Override
  public int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) throws Exception {
    CommandLine command = CommandLine.parse(args, Set.of("--name", "--format"), Set.of(), USAGE, out);
    if (command == null) {
      return 0;
    }
    String name = command.noWords(USAGE).value("--name");
    String format = command.value("--format") == null ? "pretty" : command.value("--format");
    if (!format.equals("json") && !format.equals("pretty")) {
      throw new Meridian.UsageException("--format is pretty or json, was '" + format + "'");
    }
    boolean json = format.equals("json");
    String worker = Tenants.workerName(name, Path.of(""));
    ApiClient api = new ApiClient(Credentials.resolve(env));
    try (InputStream stream = api.stream("/v1/workers/" + ApiClient.encode(worker) + "/tail");
        BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
      err.println("tailing " + worker + " (Ctrl-C to stop)");
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (!line.isBlank()) {
          out.println(json ? line : pretty(line));
        }
      }
    }
    err.println("the control plane closed the stream");
    return 0;
  }

  /**
   * {@code 12:00:01.123 [pop-1 v3] warn: message}, {@code 12:00:01.125 [pop-1 v3] GET https://… 200 in 3 ms}
   * for a request's event, or the line as it came when it is not JSON.
   */
  static String pretty(String line) {
    try {
      JsonNode event = ApiClient.JSON.readTree(line);
      String time = event.path("timestamp").asText("");
      int t = time.indexOf('T');
      String level = event.path("level").asText("log");
      String prefix = (t >= 0 ? time.substring(t + 1).replace("Z", "") : time) + " [" + event.path("pop").asText("?")
          + " " + event.path("version").asText("?") + "] ";
      if (event.path("event").asText().equals("request")) {
        return prefix + event.path("method").asText() + " " + event.path("url").asText() + " "
            + event.path("status").asInt() + " in " + event.path("duration_ms").asLong() + " ms"
            + (event.path("outcome").asText().equals("completed") ? "" : " (" + event.path("outcome").asText() + ")");
      }
      return prefix + (level.equals("log") || level.equals("info") ? "" : level + ": ") + event.path("message").asText();
    } catch (IOException e) {
      return line;
    }
  }
}
