package dev.meridian.cli;

import dev.meridian.bundles.Bundle;
import dev.meridian.bundles.feed.KeyedFeed;
import dev.meridian.bundles.fetch.BundleFetcher;
import dev.meridian.bundles.fetch.DiskBundleCache;
import dev.meridian.bundles.manifest.ManifestFeed;
import dev.meridian.bundles.secrets.Sealer;
import dev.meridian.bundles.store.FileBundleStore;
import dev.meridian.control.ControlPlane;
import dev.meridian.control.edge.EdgeControl;
import dev.meridian.dns.steer.CidrTable;
import dev.meridian.dns.steer.Location;
import dev.meridian.kv.KvStore;
import dev.meridian.pop.http.HttpFront;
import dev.meridian.pop.http.HttpLimits;
import dev.meridian.pop.http.TlsCertificates;
import dev.meridian.pop.isolate.WorkerRuntime;
import dev.meridian.pop.server.CertificateInstaller;
import dev.meridian.pop.server.ChallengeTokens;
import dev.meridian.pop.server.DevCertificate;
import dev.meridian.pop.server.EdgePop;
import dev.meridian.pop.server.HealthReporter;
import io.micrometer.core.instrument.Metrics;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The control plane and a PoP in one process ({@code meridian server}): they share the data
 * directory (the PoP reads the registry and the secrets key directly), the KV store, and the feeds
 * and log tail — in-process, or over Pulsar when other nodes take part. With a DNS port it also
 * answers DNS for the platform's domain and every routed hostname (this PoP being the one answer),
 * and with a CA it obtains a certificate for every routed hostname, served by SNI on the TLS port.
 */
final class AllInOneNode implements AutoCloseable {

  static final long BUNDLE_CACHE_BYTES = 1L << 30;
  static final Duration BUNDLE_WAIT = Duration.ofSeconds(10);

  /**
   * @param tlsPort the PoP's HTTPS port (h2, http/1.1, and HTTP/3 on the same number when {@code
   *     http3}), or -1 for none
   * @param dnsPort the authoritative DNS port (UDP and TCP), or -1 for no DNS
   * @param pulsar a Pulsar service URL shared with other nodes, or null for everything in-process
   * @param popAddress the address DNS answers for this PoP (a literal IP)
   * @param acme the CA certificates are ordered from, or null for none (the PoP's development
   *     certificate answers every name)
   */
  record Options(Path data, String host, int httpPort, int tlsPort, boolean http3, int apiPort, int dnsPort,
      @Nullable String pulsar, String popId, String platformDomain, int maxBundleBytes, String popAddress,
      Location location, EdgeControl.@Nullable Acme acme) {

    /** Everything on loopback with ephemeral ports, no DNS, no TLS, no CA: for tests to adjust. */
    static Options loopback(Path data) {
      return new Options(data, "127.0.0.1", 0, -1, false, 0, -1, null, "pop-1", ServerCommand.DEFAULT_PLATFORM_DOMAIN,
          Bundle.MAX_BYTES, "127.0.0.1", ServerCommand.UNPLACED, null);
    }

    Options withTls(int port, boolean withHttp3) {
      return new Options(data, host, httpPort, port, withHttp3, apiPort, dnsPort, pulsar, popId, platformDomain,
          maxBundleBytes, popAddress, location, acme);
    }

    Options withDns(int port, String domain) {
      return new Options(data, host, httpPort, tlsPort, http3, apiPort, port, pulsar, popId, domain,
          maxBundleBytes, popAddress, location, acme);
    }

    Options withHttpPort(int port) {
      return new Options(data, host, port, tlsPort, http3, apiPort, dnsPort, pulsar, popId, platformDomain,
          maxBundleBytes, popAddress, location, acme);
    }

    Options withAcme(EdgeControl.@Nullable Acme ca) {
      return new Options(data, host, httpPort, tlsPort, http3, apiPort, dnsPort, pulsar, popId, platformDomain,
          maxBundleBytes, popAddress, location, ca);
    }

    Options withMaxBundleBytes(int bytes) {
      return new Options(data, host, httpPort, tlsPort, http3, apiPort, dnsPort, pulsar, popId, platformDomain,
          bytes, popAddress, location, acme);
    }
  }

  private final List<AutoCloseable> parts;
  private final ControlPlane control;
  private final EdgePop pop;
  private final @Nullable EdgeControl edge;
  private final TlsCertificates tls;
  private final KeyedFeed manifests;
  private final String host;

  private AllInOneNode(List<AutoCloseable> parts, ControlPlane control, EdgePop pop, @Nullable EdgeControl edge,
      TlsCertificates tls, KeyedFeed manifests, String host) {
    this.parts = parts;
    this.control = control;
    this.pop = pop;
    this.edge = edge;
    this.tls = tls;
    this.manifests = manifests;
    this.host = host;
  }

  static AllInOneNode start(Options options) throws IOException, InterruptedException, GeneralSecurityException {
    Path data = options.data();
    List<AutoCloseable> parts = new ArrayList<>();
    try {
      Backbone backbone = options.pulsar() != null ? Backbone.pulsar(options.pulsar()) : Backbone.embedded(data);
      parts.add(backbone);
      KvStore kv = backbone.kvStore(data.resolve("kv"), 1, Set.of(1));
      KeyedFeed manifests = backbone.feed("manifests");
      KeyedFeed pops = backbone.feed("pops");
      KeyedFeed challenges = backbone.feed("acme-challenges");
      KeyedFeed certificates = backbone.feed("certificates");
      ControlPlane control = ControlPlane.start(ControlPlane.Config.of(data, manifests, backbone.tail())
          .withAddress(options.host(), options.apiPort()).withKvStore(kv).withMaxBundleBytes(options.maxBundleBytes()));
      parts.add(control);
      Sealer sealer = new Sealer(data.resolve("secret.key"));
      EdgeControl edge = null;
      if (options.dnsPort() >= 0) {
        edge = EdgeControl.start(new EdgeControl.Config(options.host(), options.dnsPort(), 2, options.platformDomain(),
                List.of(InetAddress.getByName(options.popAddress())), new CidrTable(List.of()), options.acme()),
            new ManifestFeed(manifests), pops, challenges, certificates, sealer, Metrics.globalRegistry);
        parts.add(edge);
      }
      TlsCertificates tls = DevCertificate.certificates(data.resolve("tls-default"));
      ChallengeTokens tokens = new ChallengeTokens();
      parts.add(challenges.subscribe(tokens));
      parts.add(certificates.subscribe(new CertificateInstaller(tls, sealer)));
      BundleFetcher fetcher = new BundleFetcher(new FileBundleStore(data.resolve("bundles"), options.maxBundleBytes()),
          new DiskBundleCache(data.resolve("pop").resolve("bundles"), BUNDLE_CACHE_BYTES), BUNDLE_WAIT);
      parts.add(fetcher);
      HttpFront.Config http = new HttpFront.Config(options.host(), options.httpPort(), options.tlsPort(),
          options.tlsPort() == -1 ? null : tls, options.http3() ? HttpFront.HTTP3_ON_TLS_PORT : HttpFront.HTTP3_OFF,
          HttpLimits.DEFAULTS, HttpFront.DEFAULT_DRAIN_TIMEOUT);
      EdgePop pop = EdgePop.start(new EdgePop.Config(options.popId(), options.platformDomain(), http,
              WorkerRuntime.Config.defaults().withService(KvStore.class, kv), EdgePop.Config.DEFAULT_MAX_LOADED_BYTES,
              tokens::keyAuthorization),
          new ManifestFeed(manifests), fetcher, sealer, backbone.tail());
      parts.add(pop);
      parts.add(HealthReporter.start(pops, options.popId(), List.of(options.popAddress()), options.location(), 100));
      return new AllInOneNode(parts, control, pop, edge, tls, manifests, options.host());
    } catch (IOException | InterruptedException | GeneralSecurityException | RuntimeException e) {
      close(parts);
      throw e;
    }
  }

  /** The control plane's API address, {@code http://host:port}. */
  String api() {
    return "http://" + host + ":" + control.port();
  }

  String adminToken() {
    return control.adminToken();
  }

  EdgePop pop() {
    return pop;
  }

  /** The DNS port, or -1 without DNS. */
  int dnsPort() {
    return edge == null ? -1 : edge.dnsPort();
  }

  /** The certificates the PoP serves by SNI. */
  TlsCertificates certificates() {
    return tls;
  }

  /** The manifest feed both sides share. */
  KeyedFeed manifests() {
    return manifests;
  }

  /** Stops the PoP first (draining requests), then the rest, in the reverse order of starting. */
  @Override
  public void close() {
    close(parts);
  }

  private static void close(List<AutoCloseable> parts) {
    for (int i = parts.size() - 1; i >= 0; i--) {
      try {
        parts.get(i).close();
      } catch (Exception e) {
        // Closing the rest matters more than one failure at shutdown.
      }
    }
  }
}
