package dev.meridian.cli;

import dev.meridian.acme.renewal.RenewalConfig;
import dev.meridian.bundles.Bundle;
import dev.meridian.control.edge.EdgeControl;
import dev.meridian.dns.server.RateLimit;
import dev.meridian.dns.steer.Location;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code meridian server}: the all-in-one node — the control plane's API, a PoP (HTTP, HTTPS with
 * SNI, HTTP/3) and authoritative DNS in one process, on embedded defaults (stores under DIR, feeds and
 * logs in-process, no Pulsar needed), or sharing a real broker with other nodes with {@code --pulsar
 * URL}. On first start it writes an admin token to {@code DIR/admin-token}; {@code --deploy PATH}
 * deploys workers once it is up; {@code --acme-directory} orders certificates for routed hostnames.
 */
final class ServerCommand implements Meridian.Command {

  /** Browsers and curl resolve every name under .localhost to the loopback address. */
  static final String DEFAULT_PLATFORM_DOMAIN = "meridian.localhost";
  /** A PoP given no location: steering ranks it by weight alone. */
  static final Location UNPLACED = new Location("unplaced", 0, 0);

  static final String USAGE = "usage: meridian server [--config FILE] [--data DIR] [--host H] [--http-port P] [--tls-port P | --no-tls]\n"
      + "           [--no-http3] [--api-port Q] [--dns-port D | --no-dns] [--dns-rate-limit N] [--metrics-port M | --no-metrics] [--pop-address IP] [--pulsar URL [--pulsar-admin URL]]\n"
      + "           [--pop-id ID] [--platform-domain D] [--geo CSV] [--acme-directory URL [--acme-root PEM] [--acme-email E]]\n"
      + "           [--deploy PATH]...\n"
      + "  --config           a TOML file of these flags without dashes (http_port = 8080); the command line wins\n"
      + "  --data             where the control plane's database, bundles, keys, KV data and feeds live\n"
      + "                     (default ~/.meridian/server)\n"
      + "  --http-port        the PoP's HTTP/1.1 + h2c port (default 8080)\n"
      + "  --tls-port         the PoP's HTTPS port, h2 and http/1.1, and HTTP/3 on the same UDP port (default 8443)\n"
      + "  --api-port         the control plane's API port (default 8790)\n"
      + "  --dns-port         authoritative DNS, UDP and TCP (default 5353)\n"
      + "  --dns-rate-limit   DNS responses per second to one client network and kind over UDP (default "
      + RateLimit.DEFAULT_RESPONSES_PER_SECOND + "; 0 = off)\n"
      + "  --metrics-port     Prometheus metrics at /metrics (default 9464; --no-metrics for none)\n"
      + "  --host             the address everything binds (default 127.0.0.1)\n"
      + "  --pop-address      the address DNS answers for this PoP (default: --host, or 127.0.0.1)\n"
      + "  --pulsar           a Pulsar service URL (pulsar://host:6650) shared with other nodes; default: none\n"
      + "  --pulsar-admin     the broker's admin URL, to set the topics up for compaction (default http://PULSAR-HOST:8080)\n"
      + "  --pop-id           this PoP's name in logs, tail events and DNS health (default pop-1)\n"
      + "  --platform-domain  every worker also answers at WORKER.TENANT.D (default " + DEFAULT_PLATFORM_DOMAIN + ")\n"
      + "  --geo              where DNS clients are, for steering: a cidr,region,latitude,longitude CSV file or a\n"
      + "                     MaxMind .mmdb database (repeatable, asked in order)\n"
      + "  --acme-directory   an ACME CA's directory URL: every routed hostname gets a certificate from it\n"
      + "  --acme-root        a PEM file with the CA's root, when its HTTPS is not signed by a public root\n"
      + "  --deploy           after start, deploy the worker at PATH as the admin token's tenant (repeatable)\n";

  @Override
  public String summary() {
    return "run the control plane, a PoP and DNS in one process (the all-in-one node)";
  }

  @Override
  public int run(String[] given, Map<String, String> env, PrintStream out, PrintStream err) throws Exception {
    String[] args = NodeConfig.expand(given, USAGE, "server");
    Path data = Path.of(System.getProperty("user.home"), ".meridian", "server");
    String host = "127.0.0.1";
    int metricsPort = 9464;
    int httpPort = 8080;
    int tlsPort = 8443;
    boolean http3 = true;
    int apiPort = 8790;
    int dnsPort = 5353;
    int dnsRateLimit = RateLimit.DEFAULT_RESPONSES_PER_SECOND;
    String popAddress = null;
    String pulsar = null;
    String pulsarAdmin = null;
    String popId = "pop-1";
    String platformDomain = DEFAULT_PLATFORM_DOMAIN;
    URI acmeDirectory = null;
    Path acmeRoot = null;
    String acmeEmail = null;
    List<Path> geo = new ArrayList<>();
    List<String> deploy = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--data" -> data = Path.of(Args.value(args, ++i, "--data"));
        case "--host" -> host = Args.value(args, ++i, "--host");
        case "--http-port" -> httpPort = Args.port(args, ++i, "--http-port");
        case "--tls-port" -> tlsPort = Args.port(args, ++i, "--tls-port");
        case "--no-tls" -> tlsPort = -1;
        case "--no-http3" -> http3 = false;
        case "--api-port" -> apiPort = Args.port(args, ++i, "--api-port");
        case "--dns-port" -> dnsPort = Args.port(args, ++i, "--dns-port");
        case "--no-dns" -> dnsPort = -1;
        case "--dns-rate-limit" -> dnsRateLimit = Args.rateLimit(args, ++i, "--dns-rate-limit");
        case "--no-metrics" -> metricsPort = -1;
        case "--pop-address" -> popAddress = Args.value(args, ++i, "--pop-address");
        case "--pulsar" -> pulsar = Args.value(args, ++i, "--pulsar");
        case "--pulsar-admin" -> pulsarAdmin = Args.value(args, ++i, "--pulsar-admin");
        case "--pop-id" -> popId = Args.value(args, ++i, "--pop-id");
        case "--platform-domain" -> platformDomain = Args.value(args, ++i, "--platform-domain");
        case "--acme-directory" -> acmeDirectory = URI.create(Args.value(args, ++i, "--acme-directory"));
        case "--acme-root" -> acmeRoot = Path.of(Args.value(args, ++i, "--acme-root"));
        case "--acme-email" -> acmeEmail = Args.value(args, ++i, "--acme-email");
        case "--geo" -> geo.add(Path.of(Args.value(args, ++i, "--geo")));
        case "--deploy" -> deploy.add(Args.value(args, ++i, "--deploy"));
        case "--metrics-port" -> metricsPort = Args.port(args, ++i, "--metrics-port");
        case "-h", "--help" -> {
          out.print(USAGE);
          return 0;
        }
        default -> throw new Meridian.UsageException("unexpected argument '" + args[i] + "'\n" + USAGE);
      }
    }
    if (popAddress == null) {
      popAddress = host.matches("[0-9.]+") && !host.equals("0.0.0.0") ? host : "127.0.0.1";
    }
    EdgeControl.Acme acme = acmeDirectory == null ? null : new EdgeControl.Acme(acmeDirectory,
        acmeRoot == null ? null : root(acmeRoot), acmeEmail, data.resolve("certificates"), RenewalConfig.DEFAULTS);
    MetricsEndpoint metrics = metricsPort == -1 ? null : MetricsEndpoint.start(host, metricsPort);
    AllInOneNode node = AllInOneNode.start(new AllInOneNode.Options(data, host, httpPort, tlsPort, http3 && tlsPort != -1,
        apiPort, dnsPort, RateLimit.perSecond(dnsRateLimit), pulsar, pulsarAdmin, popId, platformDomain, Bundle.MAX_BYTES, popAddress, UNPLACED, geo, acme));
    out.println("meridian server: control plane API on " + node.api() + " (admin token in " + data.resolve("admin-token") + ")");
    out.println("meridian server: PoP " + popId + " on http://" + host + ":" + node.pop().port()
        + (node.pop().tlsPort() == -1 ? "" : ", https://" + host + ":" + node.pop().tlsPort()
            + (http3 ? " (h2, http/1.1; h3 on udp/" + node.pop().tlsPort() + ")" : " (h2, http/1.1)"))
        + "; every worker also at http://WORKER.TENANT." + platformDomain + ":" + node.pop().port() + "/");
    if (node.dnsPort() != -1) {
      out.println("meridian server: DNS on " + host + ":" + node.dnsPort() + " (UDP, TCP) for " + platformDomain
          + " and every routed hostname" + (acme == null ? "" : "; certificates from " + acmeDirectory));
    }
    for (String path : deploy) {
      int exit = new DeployCommand().deploy(path, 100, false, null, Map.of("MERIDIAN_API", node.api(),
          "MERIDIAN_TOKEN", node.adminToken()), out, err);
      if (exit != 0) {
        err.println("meridian server: deploying " + path + " failed; the server keeps running");
      }
    }
    if (metrics != null) {
      out.println("meridian server: metrics on http://" + host + ":" + metrics.port() + "/metrics (Prometheus)");
    }
    Shutdown.await(out, "meridian server: shutting down, finishing requests in flight", node, metrics);
    return 0;
  }

  /** The CA root in a PEM file (the first certificate in it). */
  static X509Certificate root(Path pem) throws Exception {
    if (!Files.isRegularFile(pem)) {
      throw new Meridian.UsageException("--acme-root " + pem + " is not a file");
    }
    try (InputStream in = Files.newInputStream(pem)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }
}
