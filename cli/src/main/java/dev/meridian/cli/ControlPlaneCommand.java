package dev.meridian.cli;

import dev.meridian.control.ControlPlane;
import dev.meridian.kv.KvStore;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * {@code meridian control-plane --data DIR --pulsar URL}: the control plane of a network on its own:
 * the tenants' API and the registry, publishing deployments on Pulsar for the PoPs ({@code meridian
 * pop --control-plane}). Without {@code --pulsar} its feeds stay in-process, which only {@code
 * meridian server} (a PoP in the same process) can use.
 */
final class ControlPlaneCommand implements Meridian.Command {

  static final String USAGE = "usage: meridian control-plane --data DIR --pulsar URL [--api-port Q] [--host H]\n"
      + "                              [--kv-node N --kv-members LIST]\n"
      + "  --data      the database, bundle registry, secrets key (secret.key) and admin token (admin-token)\n"
      + "  --pulsar    the Pulsar service URL the PoPs subscribe to (pulsar://host:6650)\n"
      + "  --api-port  the API port (default 8790)\n"
      + "  --kv-node, --kv-members  the control plane's KV replica id and every replica's id, so that\n"
      + "              `meridian kv` reads and writes the PoPs' data; default: a KV store of its own\n";

  @Override
  public String summary() {
    return "run the control plane of a network (tenants' API, registry, deployments over Pulsar)";
  }

  @Override
  public int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) throws Exception {
    Path data = null;
    String host = "127.0.0.1";
    int apiPort = 8790;
    String pulsar = null;
    Integer kvNode = null;
    Set<Integer> kvMembers = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--data" -> data = Path.of(Args.value(args, ++i, "--data"));
        case "--host" -> host = Args.value(args, ++i, "--host");
        case "--api-port" -> apiPort = Args.port(args, ++i, "--api-port");
        case "--pulsar" -> pulsar = Args.value(args, ++i, "--pulsar");
        case "--kv-node" -> kvNode = Args.nodeId(args, ++i, "--kv-node");
        case "--kv-members" -> kvMembers = Args.ids(args, ++i, "--kv-members");
        case "-h", "--help" -> {
          out.print(USAGE);
          return 0;
        }
        default -> throw new Meridian.UsageException("unexpected argument '" + args[i] + "'\n" + USAGE);
      }
    }
    if (data == null || pulsar == null) {
      throw new Meridian.UsageException("--data and --pulsar are required (for one machine, `meridian server`)\n" + USAGE);
    }
    if ((kvNode == null) != (kvMembers == null)) {
      throw new Meridian.UsageException("--kv-node and --kv-members go together");
    }
    Backbone backbone = Backbone.pulsar(pulsar);
    KvStore kv = kvNode == null ? backbone.localKvStore(data.resolve("kv"))
        : backbone.kvStore(data.resolve("kv"), kvNode, kvMembers);
    ControlPlane control = ControlPlane.start(ControlPlane.Config.of(data, backbone.feed("manifests"), backbone.tail())
        .withAddress(host, apiPort).withKvStore(kv));
    out.println("meridian control-plane: API on http://" + host + ":" + control.port() + " (admin token in "
        + data.resolve("admin-token") + "), deployments published on " + pulsar);
    Shutdown.await(out, "", () -> {
      control.close();
      backbone.close();
    });
    return 0;
  }
}
