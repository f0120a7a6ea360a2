package dev.meridian.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

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
    String name = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--name" -> name = Args.value(args, ++i, "--name");
        case "-h", "--help" -> {
          out.print(USAGE);
          return 0;
        }
        default -> throw new Meridian.UsageException("unexpected argument '" + args[i] + "'\n" + USAGE);
      }
    }
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
