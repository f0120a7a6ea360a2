package dev.meridian.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code meridian rollback [VERSION] [--name NAME]}: serves VERSION to every request; without one,
 * the deployment before the current one again (its versions and shares).
 */
final class RollbackCommand implements Meridian.Command {

  static final String USAGE = "usage: meridian rollback [VERSION] [--name NAME]\n"
      + "  VERSION  a version number or id (default: the deployment before the current one, as it was)\n"
      + "  --name   the worker (default: the name in ./meridian.toml)\n";

  @Override
  public String summary() {
    return "serve an earlier version again";
  }

  @Override
  public int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) throws Exception {
    CommandLine line = CommandLine.parse(args, Set.of("--name"), Set.of(), USAGE, out);
    if (line == null) {
      return 0;
    }
    String name = line.value("--name");
    String reference = line.optionalWord(USAGE);
    Deployments deployments = new Deployments(new ApiClient(Credentials.resolve(env)),
        Tenants.workerName(name, Path.of("")));
    JsonNode deployment;
    if (reference != null) {
      JsonNode target = deployments.find(reference);
      deployment = deployments.deploy(Map.of(target.path("id").asText(), 100));
    } else {
      List<JsonNode> history = deployments.history();
      if (history.size() < 2) {
        throw new Meridian.UsageException(history.isEmpty() ? "nothing is deployed yet, so there is nothing to roll back"
            : "there is only one deployment; name a VERSION to serve instead");
      }
      deployment = deployments.deploy(Deployments.shares(history.get(1)));
    }
    out.println("rolled back: " + Deployments.describe(deployment));
    return 0;
  }
}
