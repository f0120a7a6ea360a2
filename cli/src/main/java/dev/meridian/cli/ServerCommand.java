package dev.meridian.cli;

import dev.meridian.bundles.Bundle;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code meridian server --data DIR}: the all-in-one node — the control plane's API and a PoP in one
 * process, on embedded defaults (stores under DIR, feeds and logs in-process, no Pulsar needed), or
 * sharing a real broker with other nodes with {@code --pulsar URL}. On first start it writes an
 * admin token to {@code DIR/admin-token}; {@code --deploy PATH} deploys workers once it is up.
 */
final class ServerCommand implements Meridian.Command {

  /** Browsers and curl resolve every name under .localhost to the loopback address. */
  static final String DEFAULT_PLATFORM_DOMAIN = "meridian.localhost";

  static final String USAGE = "usage: meridian server [--data DIR] [--http-port P] [--api-port Q] [--host H]\n"
      + "                       [--pulsar URL] [--pop-id ID] [--platform-domain D] [--deploy PATH]...\n"
      + "  --data             where the control plane's database, bundles, keys, KV data and feeds live\n"
      + "                     (default ~/.meridian/server)\n"
      + "  --http-port        the PoP's HTTP/1.1 + h2c port (default 8080)\n"
      + "  --api-port         the control plane's API port (default 8790)\n"
      + "  --host             the address both bind (default 127.0.0.1)\n"
      + "  --pulsar           a Pulsar service URL (pulsar://host:6650) shared with other nodes; default: none\n"
      + "  --pop-id           this PoP's name in logs and tail events (default pop-1)\n"
      + "  --platform-domain  every worker also answers at WORKER.TENANT.D (default " + DEFAULT_PLATFORM_DOMAIN + ")\n"
      + "  --deploy           after start, deploy the worker at PATH as the admin token's tenant (repeatable)\n";


  @Override
  public String summary() {
    return "run the control plane and a PoP in one process (the all-in-one node)";
  }

  @Override
  public int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) throws Exception {
    Path data = null;
    String host = "127.0.0.1";
    int httpPort = 8080;
    int apiPort = 8790;
    String pulsar = null;
    String popId = "pop-1";
    String platformDomain = DEFAULT_PLATFORM_DOMAIN;
    List<String> deploy = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--data" -> data = Path.of(Args.value(args, ++i, "--data"));
        case "--host" -> host = Args.value(args, ++i, "--host");
        case "--http-port" -> httpPort = Args.port(args, ++i, "--http-port");
        case "--api-port" -> apiPort = Args.port(args, ++i, "--api-port");
        case "--pulsar" -> pulsar = Args.value(args, ++i, "--pulsar");
        case "--pop-id" -> popId = Args.value(args, ++i, "--pop-id");
        case "--platform-domain" -> platformDomain = Args.value(args, ++i, "--platform-domain");
        case "--deploy" -> deploy.add(Args.value(args, ++i, "--deploy"));
        case "-h", "--help" -> {
          out.print(USAGE);
          return 0;
        }
        default -> throw new Meridian.UsageException("unexpected argument '" + args[i] + "'\n" + USAGE);
      }
    }
    if (data == null) {
      data = Path.of(System.getProperty("user.home"), ".meridian", "server");
    }
    AllInOneNode node = AllInOneNode.start(new AllInOneNode.Options(data, host, httpPort, apiPort, pulsar, popId,
        platformDomain, Bundle.MAX_BYTES));
    out.println("meridian server: control plane API on " + node.api() + " (admin token in " + data.resolve("admin-token") + ")");
    out.println("meridian server: PoP " + popId + " on http://" + host + ":" + node.pop().port()
        + " (every worker also at http://WORKER.TENANT." + platformDomain + ":" + node.pop().port() + "/)");
    for (String path : deploy) {
      int exit = new DeployCommand().deploy(path, 100, false, Map.of("MERIDIAN_API", node.api(),
          "MERIDIAN_TOKEN", node.adminToken()), out, err);
      if (exit != 0) {
        err.println("meridian server: deploying " + path + " failed; the server keeps running");
      }
    }
    Shutdown.await(out, "meridian server: shutting down, finishing requests in flight", node::close);
    return 0;
  }
}
