package dev.meridian.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code meridian rollback [VERSION] [--name NAME]}: serves VERSION to every request; without one, the
 * version before the one serving most requests now.
 */
final class RollbackCommand implements Meridian.Command {

  static final String USAGE = "usage: meridian rollback [VERSION] [--name NAME]\n"
      + "  VERSION  a version number or id (default: the one before the version serving now)\n"
      + "  --name   the worker (default: the name in ./meridian.toml)\n";

  @Override
  public String summary() {
    return "serve an earlier version again";
  }

  @Override
  public int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) throws Exception {
    String name = null;
    String reference = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--name" -> name = Args.value(args, ++i, "--name");
        case "-h", "--help" -> {
          out.print(USAGE);
          return 0;
        }
        default -> {
          if (args[i].startsWith("-") || reference != null) {
            throw new Meridian.UsageException("unexpected argument '" + args[i] + "'\n" + USAGE);
          }
          reference = args[i];
        }
      }
    }
    Deployments deployments = new Deployments(new ApiClient(Credentials.resolve(env)),
        Tenants.workerName(name, Path.of("")));
    JsonNode target = reference != null ? deployments.find(reference) : previous(deployments);
    JsonNode deployment = deployments.deploy(Map.of(target.path("id").asText(), 100));
    out.println("rolled back to version " + target.path("number").asText() + ": " + Deployments.describe(deployment));
    return 0;
  }

  private static JsonNode previous(Deployments deployments) throws Exception {
    String serving = Deployments.main(deployments.current());
    if (serving == null) {
      throw new Meridian.UsageException("nothing is deployed yet, so there is nothing to roll back");
    }
    List<JsonNode> versions = deployments.versions();
    JsonNode before = null;
    for (JsonNode version : versions) {
      if (version.path("id").asText().equals(serving)) {
        if (before == null) {
          throw new Meridian.UsageException("version " + version.path("number").asText()
              + " serves now and is the first one; there is no earlier version");
        }
        return before;
      }
      before = version;
    }
    throw new IllegalStateException("the deployment names version " + serving + ", which the version list lacks");
  }
}
