package dev.meridian.control.edge;

import dev.meridian.acme.AcmeIssuer;
import dev.meridian.acme.AcmeIssuerConfig;
import dev.meridian.acme.renewal.RenewalConfig;
import dev.meridian.acme.renewal.RenewalScheduler;
import dev.meridian.acme.store.CertificateStore;
import dev.meridian.bundles.feed.KeyedFeed;
import dev.meridian.bundles.manifest.ManifestFeed;
import dev.meridian.bundles.secrets.Sealer;
import dev.meridian.dns.server.DnsServer;
import dev.meridian.dns.server.RateLimit;
import dev.meridian.dns.steer.GeoLocator;
import dev.meridian.dns.steer.PopDirectory;
import dev.meridian.dns.steer.Steering;
import dev.meridian.dns.zone.Authority;
import dev.meridian.dns.zone.Zone;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TextParseException;

/**
 * The control plane's side of the edge: authoritative DNS for the platform's domain and every routed
 * hostname, steered by the PoPs' health reports, and (when a CA is configured) a certificate for
 * every routed hostname, ordered over ACME and handed to the PoPs on the certificates feed.
 */
public final class EdgeControl implements AutoCloseable {

  /** How long a PoP's last report keeps it in DNS answers. */
  public static final Duration POP_FRESHNESS = Duration.ofSeconds(10);

  /**
   * @param nameServers the platform zone's name server addresses (glue for {@code ns1.DOMAIN})
   * @param acme the CA to order certificates from, or null for none
   * @param dnsRateLimit response rate limiting of the DNS server over UDP: on at {@value
   *     RateLimit#DEFAULT_RESPONSES_PER_SECOND}/s by default, as this server answers the Internet
   */
  public record Config(String dnsHost, int dnsPort, int dnsThreads, String platformDomain,
      List<InetAddress> nameServers, GeoLocator geo, @Nullable Acme acme, RateLimit dnsRateLimit) {

    public Config(String dnsHost, int dnsPort, int dnsThreads, String platformDomain, List<InetAddress> nameServers,
        GeoLocator geo, @Nullable Acme acme) {
      this(dnsHost, dnsPort, dnsThreads, platformDomain, nameServers, geo, acme,
          RateLimit.DEFAULT);
    }
  }

  /**
   * @param directory the ACME directory URL
   * @param trustedRoot the only root trusted for the CA's own HTTPS (a test CA), or null for the JDK's
   * @param store where certificates and the account key are kept, encrypted
   */
  public record Acme(URI directory, @Nullable X509Certificate trustedRoot, @Nullable String email, Path store,
      RenewalConfig renewal) {}

  private final DnsServer dns;
  private final List<AutoCloseable> parts;

  private EdgeControl(DnsServer dns, List<AutoCloseable> parts) {
    this.dns = dns;
    this.parts = parts;
  }

  /**
   * Starts DNS and, when configured, certificate ordering; follows {@code manifests} (routed names),
   * {@code pops} (health reports); publishes HTTP-01 challenges on {@code challenges} and
   * certificates, sealed with {@code sealer}, on {@code certificates}.
   */
  public static EdgeControl start(Config config, ManifestFeed manifests, KeyedFeed pops, KeyedFeed challenges,
      KeyedFeed certificates, Sealer sealer, MeterRegistry meters) throws IOException, InterruptedException {
    List<AutoCloseable> parts = new ArrayList<>();
    Name origin = absolute(config.platformDomain());
    Name ns1 = absolute("ns1." + config.platformDomain());
    Name hostmaster = absolute("hostmaster." + config.platformDomain());
    Authority authority = new Authority(new Authority.Config(List.of(ns1), hostmaster,
        Authority.Config.DEFAULT_STEERED_TTL, Authority.Config.DEFAULT_TXT_TTL));
    authority.putZone(Zone.of(origin, platformZone(origin, ns1, hostmaster, config.nameServers())));
    PopDirectory directory = new PopDirectory(Clock.systemUTC(), POP_FRESHNESS);
    DnsServer dns = DnsServer.start(DnsServer.Config.of(config.dnsHost(), config.dnsPort()).withThreads(config.dnsThreads())
        .withRateLimit(config.dnsRateLimit()), authority, new Steering(config.geo(), directory), meters);
    parts.add(dns);
    try {
      parts.add(pops.subscribe(new PopHealthListener(directory, Clock.systemUTC(), POP_FRESHNESS)));
      parts.add(manifests.subscribe(new HostnamePublisher(authority, config.platformDomain())));
      if (config.acme() != null) {
        Acme acme = config.acme();
        CertificateStore store = CertificateStore.open(acme.store());
        store.addListener(new CertificatePublisher(certificates, sealer));
        AcmeIssuerConfig issuerConfig = AcmeIssuerConfig.of(acme.directory(), store.accountKeyPair())
            .withHttp01(new FeedHttp01Responder(challenges, Duration.ofMillis(500)))
            .withDns01(new AuthorityDns01(authority));
        if (acme.trustedRoot() != null) {
          issuerConfig = issuerConfig.withTrustedRoot(acme.trustedRoot());
        }
        if (acme.email() != null) {
          issuerConfig = issuerConfig.withContactEmail(acme.email());
        }
        RenewalScheduler scheduler = new RenewalScheduler(store, AcmeIssuer.create(issuerConfig), acme.renewal(),
            Clock.systemUTC(), meters);
        ExecutorService ordering = Executors.newSingleThreadExecutor(runnable -> {
          Thread thread = new Thread(runnable, "acme-orders");
          thread.setDaemon(true);
          return thread;
        });
        parts.add(ordering::shutdownNow);
        parts.add(scheduler);
        parts.add(manifests.subscribe(new CertificateOrders(scheduler, ordering)));
        scheduler.start();
      }
    } catch (IOException | RuntimeException e) {
      closeAll(parts);
      throw e;
    }
    return new EdgeControl(dns, parts);
  }

  public int dnsPort() {
    return dns.port();
  }

  private static List<Record> platformZone(Name origin, Name ns1, Name hostmaster, List<InetAddress> nameServers) {
    List<Record> records = new ArrayList<>();
    records.add(new SOARecord(origin, DClass.IN, 3600, ns1, hostmaster, 1, 7200, 3600, 1209600, 300));
    records.add(new NSRecord(origin, DClass.IN, 3600, ns1));
    for (InetAddress address : nameServers) {
      records.add(address.getAddress().length == 4 ? new ARecord(ns1, DClass.IN, 3600, address)
          : new AAAARecord(ns1, DClass.IN, 3600, address));
    }
    return records;
  }

  private static Name absolute(String name) {
    try {
      return Name.fromString(name.endsWith(".") ? name : name + ".");
    } catch (TextParseException e) {
      throw new IllegalArgumentException("'" + name + "' is not a DNS name: " + e.getMessage(), e);
    }
  }

  private static void closeAll(List<AutoCloseable> parts) {
    for (int i = parts.size() - 1; i >= 0; i--) {
      try {
        parts.get(i).close();
      } catch (Exception e) {
        // Closing the rest matters more than one failure here.
      }
    }
  }

  @Override
  public void close() {
    closeAll(parts);
  }
}
