package dev.meridian.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code meridian rollout VERSION --percent P [--name NAME]}: a gradual deployment, VERSION serving P%
 * of the requests and the version that serves most of them now the rest; {@code --percent 100}
 * finishes the rollout.
 */
final class RolloutCommand implements Meridian.Command {

  static final String USAGE = "usage: meridian rollout VERSION --percent P [--name NAME]\n"
      + "  VERSION    a version number or id (`meridian versions`)\n"
      + "  --percent  the share of requests VERSION serves, 1 to 100; the current version serves the rest\n"
      + "  --name     the worker (default: the name in ./meridian.toml)\n";

  @Override
  public String summary() {
    return "serve a version to a percentage of requests (gradual rollout)";
  }

  @Override
  public int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) throws Exception {
    CommandLine line = CommandLine.parse(args, Set.of("--name", "--percent"), Set.of(), USAGE, out);
    if (line == null) {
      return 0;
    }
    String name = line.value("--name");
    String reference = line.optionalWord(USAGE);
    Integer percent = line.value("--percent") == null ? null : Args.percent(line.value("--percent"), "--percent");
    if (reference == null || percent == null) {
      throw new Meridian.UsageException("give a VERSION and --percent\n" + USAGE);
    }
    Deployments deployments = new Deployments(new ApiClient(Credentials.resolve(env)),
        Tenants.workerName(name, Path.of("")));
    String target = deployments.find(reference).path("id").asText();
    String stable = Deployments.main(deployments.current());
    Map<String, Integer> shares = new LinkedHashMap<>();
    shares.put(target, percent);
    if (percent < 100) {
      if (stable == null || stable.equals(target)) {
        throw new Meridian.UsageException("a rollout splits requests between VERSION and the version serving now, "
            + "and " + (stable == null ? "nothing serves yet: deploy first" : "VERSION already serves most requests")
            + " (use --percent 100, or rollback)");
      }
      shares.put(stable, 100 - percent);
    }
    out.println("deployment: " + Deployments.describe(deployments.deploy(shares)));
    return 0;
  }
}
