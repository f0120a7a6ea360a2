package dev.meridian.cli;

import dev.meridian.acme.renewal.RenewalConfig;
import dev.meridian.bundles.Bundle;
import dev.meridian.control.edge.EdgeControl;
import dev.meridian.dns.server.RateLimit;
import dev.meridian.kv.KvStore;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code meridian control-plane --data DIR --pulsar URL}: the control plane of a network on its own:
 * the tenants' API and the registry, publishing deployments on Pulsar for the PoPs ({@code meridian
 * pop --control-plane}). Without {@code --pulsar} its feeds stay in-process, which only {@code
 * meridian server} (a PoP in the same process) can use.
 */
final class ControlPlaneCommand implements Meridian.Command {

  static final String USAGE = "usage: meridian control-plane [--config FILE] --data DIR --pulsar URL [--pulsar-admin URL] [--api-port Q] [--host H]\n"
      + "                              [--dns-port D [--dns-rate-limit N] [--name-server IP] [--platform-domain D] [--geo CSV]]\n"
      + "                              [--acme-directory URL [--acme-root PEM] [--acme-email E]] [--kv-node N --kv-members LIST]\n"
      + "  --config           a TOML file of these flags without dashes (api_port = 8790); the command line wins\n"
      + "  --data      the database, bundle registry, secrets key (secret.key) and admin token (admin-token)\n"
      + "  --pulsar    the Pulsar service URL the PoPs subscribe to (pulsar://host:6650)\n"
      + "  --pulsar-admin  the broker's admin URL, to set the topics up for compaction (default http://PULSAR-HOST:8080)\n"
      + "  --api-port  the API port (default 8790)\n"
      + "  --dns-port  authoritative DNS for the platform domain and every routed hostname, steered to healthy PoPs\n"
      + "  --dns-rate-limit  DNS responses per second to one client network and kind over UDP (default "
      + RateLimit.DEFAULT_RESPONSES_PER_SECOND + "; 0 = off)\n"
      + "  --name-server  the address other resolvers reach this DNS at (the platform zone's NS glue; default 127.0.0.1)\n"
      + "  --geo       where DNS clients are, for steering: a cidr,region,latitude,longitude CSV file or a\n"
      + "                     MaxMind .mmdb database (repeatable, asked in order)\n"
      + "  --acme-directory  an ACME CA: every routed hostname gets a certificate, handed to the PoPs\n"
      + "  --metrics-port  Prometheus metrics at /metrics on this port (default: none)\n"
      + "  --kv-node, --kv-members  the control plane's KV replica id and every replica's id, so that\n"
      + "              `meridian kv` reads and writes the PoPs' data; default: a KV store of its own\n";

  @Override
  public String summary() {
    return "run the control plane of a network (tenants' API, registry, deployments over Pulsar)";
  }

  @Override
  public int run(String[] given, Map<String, String> env, PrintStream out, PrintStream err) throws Exception {
    String[] args = NodeConfig.expand(given, USAGE, "control-plane");
    Path data = null;
    String host = "127.0.0.1";
    int metricsPort = -1;
    int apiPort = 8790;
    String pulsar = null;
    String pulsarAdmin = null;
    Integer kvNode = null;
    Set<Integer> kvMembers = null;
    int dnsPort = -1;
    int dnsRateLimit = RateLimit.DEFAULT_RESPONSES_PER_SECOND;
    String platformDomain = ServerCommand.DEFAULT_PLATFORM_DOMAIN;
    String nameServer = "127.0.0.1";
    URI acmeDirectory = null;
    Path acmeRoot = null;
    String acmeEmail = null;
    List<Path> geo = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--data" -> data = Path.of(Args.value(args, ++i, "--data"));
        case "--host" -> host = Args.value(args, ++i, "--host");
        case "--api-port" -> apiPort = Args.port(args, ++i, "--api-port");
        case "--pulsar" -> pulsar = Args.value(args, ++i, "--pulsar");
        case "--pulsar-admin" -> pulsarAdmin = Args.value(args, ++i, "--pulsar-admin");
        case "--kv-node" -> kvNode = Args.nodeId(args, ++i, "--kv-node");
        case "--kv-members" -> kvMembers = Args.ids(args, ++i, "--kv-members");
        case "--dns-port" -> dnsPort = Args.port(args, ++i, "--dns-port");
        case "--dns-rate-limit" -> dnsRateLimit = Args.rateLimit(args, ++i, "--dns-rate-limit");
        case "--platform-domain" -> platformDomain = Args.value(args, ++i, "--platform-domain");
        case "--name-server" -> nameServer = Args.value(args, ++i, "--name-server");
        case "--acme-directory" -> acmeDirectory = URI.create(Args.value(args, ++i, "--acme-directory"));
        case "--acme-root" -> acmeRoot = Path.of(Args.value(args, ++i, "--acme-root"));
        case "--geo" -> geo.add(Path.of(Args.value(args, ++i, "--geo")));
        case "--acme-email" -> acmeEmail = Args.value(args, ++i, "--acme-email");
        case "--metrics-port" -> metricsPort = Args.port(args, ++i, "--metrics-port");
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
    Backbone backbone = Backbone.pulsar(pulsar, pulsarAdmin != null ? pulsarAdmin : Backbone.defaultAdminUrl(pulsar));
    ControlNode node;
    try {
      KvStore kv = kvNode == null ? backbone.localKvStore(data.resolve("kv"))
          : backbone.kvStore(data.resolve("kv"), kvNode, kvMembers);
      EdgeControl.Acme acme = acmeDirectory == null ? null : new EdgeControl.Acme(acmeDirectory,
          acmeRoot == null ? null : ServerCommand.root(acmeRoot), acmeEmail, data.resolve("certificates"),
          RenewalConfig.DEFAULTS);
      node = ControlNode.start(new ControlNode.Options(data, host, apiPort, Bundle.MAX_BYTES, dnsPort,
          RateLimit.perSecond(dnsRateLimit), platformDomain,
          List.of(nameServer), geo, acme), backbone, kv);
    } catch (Exception e) {
      backbone.close();
      throw e;
    }
    out.println("meridian control-plane: API on " + node.api() + " (admin token in " + data.resolve("admin-token")
        + "), deployments published on " + pulsar
        + (node.dnsPort() == -1 ? "" : "; DNS on " + host + ":" + node.dnsPort()));
    Shutdown.await(out, "", node, backbone, metricsPort == -1 ? null : MetricsEndpoint.start(host, metricsPort));
    return 0;
  }
}
