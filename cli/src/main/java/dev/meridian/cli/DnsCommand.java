package dev.meridian.cli;

import dev.meridian.dns.server.DnsServer;
import dev.meridian.dns.server.RateLimit;
import dev.meridian.dns.steer.CidrTable;
import dev.meridian.dns.steer.PopDirectory;
import dev.meridian.dns.steer.Steering;
import dev.meridian.dns.zone.Authority;
import dev.meridian.dns.zone.Zone;
import io.micrometer.core.instrument.Metrics;
import java.io.PrintStream;
import java.util.Map;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code meridian dns --zone FILE [--port P] [--host H] [--threads N] [--rate-limit N]}: an
 * authoritative server for one zone file, without steering (the benchmark's server, and a quick way
 * to check a zone). Meters go to Micrometer's global registry. Rate limiting is on by default, unlike
 * in {@code DnsServer.Config.of}: this command is how a zone gets served to the Internet.
 */
final class DnsCommand implements Meridian.Command {

  static final String USAGE = "usage: meridian dns --zone FILE [--port P] [--host H] [--threads N] [--rate-limit N]\n"
      + "  --zone     an RFC 1035 zone file with an SOA record (its owner is the origin unless $ORIGIN says)\n"
      + "  --port     UDP and TCP port (default 5353)\n"
      + "  --host     address to bind (default 127.0.0.1)\n"
      + "  --threads  worker threads, one UDP socket each (default: one per core)\n"
      + "  --rate-limit  UDP responses per second to one client network (/24, /56) for one name and type,\n"
      + "             against reflection attacks; past it answers are dropped, every second one sent truncated\n"
      + "             (default " + RateLimit.DEFAULT_RESPONSES_PER_SECOND + "; 0 = off, e.g. for a benchmark from one address)\n";

  @Override
  public String summary() {
    return "serve a DNS zone file (authoritative, UDP and TCP)";
  }

  @Override
  public int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) throws Exception {
    Path zoneFile = null;
    int port = 5353;
    String host = "127.0.0.1";
    int threads = Runtime.getRuntime().availableProcessors();
    int rateLimit = RateLimit.DEFAULT_RESPONSES_PER_SECOND;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--zone" -> zoneFile = Path.of(Args.value(args, ++i, "--zone"));
        case "--port" -> port = Args.port(args, ++i, "--port");
        case "--host" -> host = Args.value(args, ++i, "--host");
        case "--threads" -> threads = Args.threads(args, ++i, "--threads");
        case "--rate-limit" -> rateLimit = Args.rateLimit(args, ++i, "--rate-limit");
        case "-h", "--help" -> {
          out.print(USAGE);
          return 0;
        }
        default -> throw new Meridian.UsageException("unexpected argument '" + args[i] + "'\n" + USAGE);
      }
    }
    if (zoneFile == null) {
      throw new Meridian.UsageException("--zone is required\n" + USAGE);
    }
    Zone zone = Zone.load(zoneFile);
    Authority authority = new Authority();
    authority.putZone(zone);
    Steering steering = new Steering(new CidrTable(List.of()), new PopDirectory());
    DnsServer server = DnsServer.start(DnsServer.Config.of(host, port).withThreads(threads)
        .withRateLimit(RateLimit.perSecond(rateLimit)), authority, steering, Metrics.globalRegistry);
    out.println("meridian dns: zone " + zone.origin() + " (" + zone.records().size() + " records) on " + host + ":"
        + server.port() + " UDP+TCP, " + threads + " threads, "
        + (rateLimit == 0 ? "no rate limit" : "rate limit " + rateLimit + "/s per network"));
    Shutdown.await(out, "", server);
    return 0;
  }
}

