package dev.meridian.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code meridian versions [--name NAME]}: the worker's versions and the share each serves. */
final class VersionsCommand implements Meridian.Command {

  static final String USAGE = "usage: meridian versions [--name NAME]\n"
      + "  --name  the worker (default: the name in ./meridian.toml)\n";

  @Override
  public String summary() {
    return "list a worker's versions and which of them serve";
  }

  @Override
  public int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) throws Exception {
    CommandLine line = CommandLine.parse(args, Set.of("--name"), Set.of(), USAGE, out);
    if (line == null) {
      return 0;
    }
    String worker = Tenants.workerName(line.noWords(USAGE).value("--name"), Path.of(""));
    Deployments deployments = new Deployments(new ApiClient(Credentials.resolve(env)), worker);
    List<JsonNode> versions = deployments.versions();
    Map<String, Integer> serving = deployments.current();
    out.printf("%-6s %-14s %-22s %-14s %10s  %s%n", "NUMBER", "ID", "CREATED", "BUNDLE", "BYTES", "SERVING");
    for (JsonNode version : versions) {
      Integer percent = serving.get(version.path("id").asText());
      out.printf("%-6s %-14s %-22s %-14s %10d  %s%n", version.path("number").asText(), version.path("id").asText(),
          version.path("created_at").asText(), version.path("bundle").asText().substring(0, 12),
          version.path("size").asLong(), percent == null ? "" : percent + "%");
    }
    return 0;
  }
}
