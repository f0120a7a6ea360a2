package dev.meridian.cli;

import dev.meridian.bundles.fetch.HttpBundleSource;
import dev.meridian.dns.steer.Location;
import dev.meridian.kv.KvStore;
import dev.meridian.pop.isolate.WorkerRuntime;
import dev.meridian.pop.server.LocalPop;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * {@code meridian pop}: a PoP. With {@code --control-plane} it is a node of a network: deployments
 * arrive on the manifest feed over Pulsar, bundles come from the control plane's registry the first
 * time a request needs them and stay in a disk cache under {@code --data} (so a restart serves without
 * the control plane). With {@code --deployments DIR} it serves the workers of a local directory.
 */
final class PopCommand implements Meridian.Command {

  static final String USAGE = "usage: meridian pop [--config FILE] --control-plane URL --pulsar URL --data DIR --secret-key FILE\n"
      + "                    [--token-file FILE] [--pop-id ID] [--port N] [--tls-port N] [--no-http3] [--host H]\n"
      + "                    [--address IP] [--location REGION:LAT:LON] [--weight W] [--kv-node N --kv-members LIST]\n"
      + "       meridian pop --deployments DIR [--port N] [--host H]\n"
      + "  --config           a TOML file of these flags without dashes (port = 8080); the command line wins\n"
      + "  --control-plane  the control plane's API, where bundles are fetched from (http://host:8790)\n"
      + "  --pulsar         the Pulsar service URL carrying deployments, logs and KV (pulsar://host:6650)\n"
      + "  --data           this PoP's bundle cache and KV data\n"
      + "  --secret-key     the control plane's secrets key file (DATA/secret.key there), to open workers' secrets\n"
      + "  --token-file     a file holding a token with the node scope (default: MERIDIAN_TOKEN)\n"
      + "  --pop-id         this PoP's name in logs and tail events (default pop-1)\n"
      + "  --kv-node, --kv-members  this PoP's KV replica id and every replica's id (1,2,3); default: KV local to this PoP\n"
      + "  --tls-port       HTTPS (h2, http/1.1) with certificates from the control plane by SNI, and HTTP/3 on the\n"
      + "                   same UDP port unless --no-http3 (default: no TLS)\n"
      + "  --address        the address DNS hands out for this PoP (default 127.0.0.1)\n"
      + "  --location       where the PoP stands, for DNS steering: eu-west:53.35:-6.26\n"
      + "  --weight         100 normally; 0 drains the PoP (DNS stops sending users, connected ones are served)\n"
      + "  --metrics-port   Prometheus metrics at /metrics on this port (default: none)\n"
      + "  --deployments    a directory of workers, one sub-directory with a meridian.toml each\n"
      + "  --port           HTTP/1.1 and h2c port (default 8080)\n";

  @Override
  public String summary() {
    return "run a PoP: a node of a network, or the workers of a local directory";
  }

  @Override
  public int run(String[] given, Map<String, String> env, PrintStream out, PrintStream err) throws Exception {
    String[] args = NodeConfig.expand(given, USAGE, "pop");
    Path deployments = null;
    int port = 8080;
    String host = "127.0.0.1";
    int metricsPort = -1;
    String controlPlane = null;
    String pulsar = null;
    Path data = null;
    Path secretKey = null;
    Path tokenFile = null;
    String popId = "pop-1";
    Integer kvNode = null;
    int tlsPort = -1;
    boolean http3 = true;
    String address = null;
    Location location = ServerCommand.UNPLACED;
    int weight = 100;
    String platformDomain = ServerCommand.DEFAULT_PLATFORM_DOMAIN;
    Set<Integer> kvMembers = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--deployments" -> deployments = Path.of(Args.value(args, ++i, "--deployments"));
        case "--port" -> port = Args.port(args, ++i, "--port");
        case "--host" -> host = Args.value(args, ++i, "--host");
        case "--control-plane" -> controlPlane = Args.value(args, ++i, "--control-plane");
        case "--pulsar" -> pulsar = Args.value(args, ++i, "--pulsar");
        case "--data" -> data = Path.of(Args.value(args, ++i, "--data"));
        case "--secret-key" -> secretKey = Path.of(Args.value(args, ++i, "--secret-key"));
        case "--token-file" -> tokenFile = Path.of(Args.value(args, ++i, "--token-file"));
        case "--pop-id" -> popId = Args.value(args, ++i, "--pop-id");
        case "--kv-node" -> kvNode = Args.nodeId(args, ++i, "--kv-node");
        case "--kv-members" -> kvMembers = Args.ids(args, ++i, "--kv-members");
        case "--tls-port" -> tlsPort = Args.port(args, ++i, "--tls-port");
        case "--no-http3" -> http3 = false;
        case "--address" -> address = Args.value(args, ++i, "--address");
        case "--location" -> location = Args.location(args, ++i, "--location");
        case "--weight" -> weight = Args.weight(args, ++i, "--weight");
        case "--platform-domain" -> platformDomain = Args.value(args, ++i, "--platform-domain");
        case "--metrics-port" -> metricsPort = Args.port(args, ++i, "--metrics-port");
        case "-h", "--help" -> {
          out.print(USAGE);
          return 0;
        }
        default -> throw new Meridian.UsageException("unexpected argument '" + args[i] + "'\n" + USAGE);
      }
    }
    if (deployments != null) {
      LocalPop pop = LocalPop.start(deployments, LocalPop.http(host, port), WorkerRuntime.Config.defaults());
      out.println("meridian pop: " + pop.routes() + " routes, listening on http://" + host + ":" + pop.port());
      Shutdown.await(out, "", pop);
      return 0;
    }
    if (controlPlane == null || pulsar == null || data == null || secretKey == null) {
      throw new Meridian.UsageException("give --deployments DIR, or --control-plane, --pulsar, --data and --secret-key\n"
          + USAGE);
    }
    if (!Files.isRegularFile(secretKey)) {
      throw new Meridian.UsageException("--secret-key " + secretKey + " is not a file: copy the control plane's "
          + "DATA/secret.key (PoPs open workers' secrets with it)");
    }
    String token = tokenFile != null ? Files.readString(tokenFile).strip() : env.get("MERIDIAN_TOKEN");
    if (token == null || token.isBlank()) {
      throw new Meridian.UsageException("a PoP needs a token with the node scope: --token-file FILE or MERIDIAN_TOKEN");
    }
    if ((kvNode == null) != (kvMembers == null)) {
      throw new Meridian.UsageException("--kv-node and --kv-members go together");
    }
    Backbone backbone = Backbone.pulsar(pulsar, null);
    PopNode node;
    try {
      KvStore kv = kvNode == null ? backbone.localKvStore(data.resolve("kv"))
          : backbone.kvStore(data.resolve("kv"), kvNode, kvMembers);
      node = PopNode.start(new PopNode.Options(popId, host, port, tlsPort, http3, platformDomain,
              address != null ? address : "127.0.0.1", location, weight, data, secretKey),
          backbone, new HttpBundleSource(Credentials.parseApi(controlPlane), token), kv);
    } catch (Exception e) {
      backbone.close();
      throw e;
    }
    out.println("meridian pop: " + popId + " listening on http://" + host + ":" + node.pop().port()
        + (node.pop().tlsPort() == -1 ? "" : " and https://" + host + ":" + node.pop().tlsPort())
        + ", deployments from " + pulsar + ", bundles from " + controlPlane);
    Shutdown.await(out, "", node, backbone, metricsPort == -1 ? null : MetricsEndpoint.start(host, metricsPort));
    return 0;
  }
}
