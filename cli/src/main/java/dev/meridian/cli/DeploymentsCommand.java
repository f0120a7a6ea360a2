package dev.meridian.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/** {@code meridian deployments [--name NAME]}: the worker's deployments, newest (serving) first. */
final class DeploymentsCommand implements Meridian.Command {

  static final String USAGE = "usage: meridian deployments [--name NAME]\n"
      + "  --name  the worker (default: the name in ./meridian.toml)\n";

  @Override
  public String summary() {
    return "list a worker's deployments, the serving one first";
  }

  @Override
  public int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) throws Exception {
    CommandLine line = CommandLine.parse(args, Set.of("--name"), Set.of(), USAGE, out);
    if (line == null) {
      return 0;
    }
    String name = line.noWords(USAGE).value("--name");
    Deployments deployments = new Deployments(new ApiClient(Credentials.resolve(env)),
        Tenants.workerName(name, Path.of("")));
    out.printf("%-9s %-31s %-7s %s%n", "REVISION", "CREATED", "PINNED", "VERSIONS");
    for (JsonNode deployment : deployments.history()) {
      out.printf("%-9d %-31s %-7s %s%n", deployment.path("revision").asLong(), deployment.path("created_at").asText(),
          deployment.path("pinned").asBoolean() ? "yes" : "", Deployments.describe(deployment));
    }
    return 0;
  }
}
