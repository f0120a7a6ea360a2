package dev.meridian.cli;

import dev.meridian.bundles.Bundle;
import dev.meridian.bundles.feed.KeyedFeed;
import dev.meridian.control.edge.EdgeControl;
import dev.meridian.dns.server.RateLimit;
import dev.meridian.dns.steer.Location;
import dev.meridian.kv.KvStore;
import dev.meridian.pop.http.TlsCertificates;
import dev.meridian.pop.server.EdgePop;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The control plane and a PoP in one process ({@code meridian server}): they share the data
 * directory (the PoP reads the registry and the secrets key directly), the KV store, and the
 * backbone — in-process, or Pulsar when other nodes take part. With a DNS port it also answers DNS
 * for the platform's domain and every routed hostname (this PoP being the answer), and with a CA it
 * obtains a certificate for every routed hostname, served by SNI on the TLS port.
 */
final class AllInOneNode implements AutoCloseable {

  /**
   * @param tlsPort the PoP's HTTPS port (h2, http/1.1, and HTTP/3 on the same number when {@code
   *     http3}), or -1 for none
   * @param dnsPort the authoritative DNS port (UDP and TCP), or -1 for no DNS
   * @param dnsRateLimit response rate limiting of that DNS over UDP
   * @param pulsar a Pulsar service URL shared with other nodes, or null for everything in-process
   * @param pulsarAdmin the broker's admin URL (topics are set up for compaction through it), or null
   *     for the service URL's host on port 8080
   * @param popAddress the address DNS answers for this PoP (a literal IP)
   * @param geo files locating clients for DNS steering: {@code cidr,region,latitude,longitude} CSV files
   *     and MaxMind {@code .mmdb} databases, asked in order
   * @param acme the CA certificates are ordered from, or null for none (the PoP's development
   *     certificate answers every name)
   */
  record Options(Path data, String host, int httpPort, int tlsPort, boolean http3, int apiPort, int dnsPort,
      RateLimit dnsRateLimit, @Nullable String pulsar, @Nullable String pulsarAdmin, String popId, String platformDomain, int maxBundleBytes, String popAddress,
      Location location, List<Path> geo, EdgeControl.@Nullable Acme acme) {

    /** Everything on loopback with ephemeral ports, no DNS, no TLS, no CA: for tests to adjust. */
    static Options loopback(Path data) {
      return new Options(data, "127.0.0.1", 0, -1, false, 0, -1, RateLimit.DEFAULT, null, null, "pop-1", ServerCommand.DEFAULT_PLATFORM_DOMAIN,
          Bundle.MAX_BYTES, "127.0.0.1", ServerCommand.UNPLACED, List.of(), null);
    }

    Options withTls(int port, boolean withHttp3) {
      return new Options(data, host, httpPort, port, withHttp3, apiPort, dnsPort, dnsRateLimit, pulsar, pulsarAdmin, popId, platformDomain,
          maxBundleBytes, popAddress, location, geo, acme);
    }

    Options withDns(int port, String domain) {
      return new Options(data, host, httpPort, tlsPort, http3, apiPort, port, dnsRateLimit, pulsar, pulsarAdmin, popId, domain,
          maxBundleBytes, popAddress, location, geo, acme);
    }

    Options withHttpPort(int port) {
      return new Options(data, host, port, tlsPort, http3, apiPort, dnsPort, dnsRateLimit, pulsar, pulsarAdmin, popId, platformDomain,
          maxBundleBytes, popAddress, location, geo, acme);
    }

    Options withAcme(EdgeControl.@Nullable Acme ca) {
      return new Options(data, host, httpPort, tlsPort, http3, apiPort, dnsPort, dnsRateLimit, pulsar, pulsarAdmin, popId, platformDomain,
          maxBundleBytes, popAddress, location, geo, ca);
    }

    Options withPop(String address, Location where) {
      return new Options(data, host, httpPort, tlsPort, http3, apiPort, dnsPort, dnsRateLimit, pulsar, pulsarAdmin, popId, platformDomain,
          maxBundleBytes, address, where, geo, acme);
    }

    Options withGeo(Path... files) {
      return new Options(data, host, httpPort, tlsPort, http3, apiPort, dnsPort, dnsRateLimit, pulsar, pulsarAdmin, popId, platformDomain,
          maxBundleBytes, popAddress, location, List.of(files), acme);
    }

    Options withMaxBundleBytes(int bytes) {
      return new Options(data, host, httpPort, tlsPort, http3, apiPort, dnsPort, dnsRateLimit, pulsar, pulsarAdmin, popId, platformDomain,
          bytes, popAddress, location, geo, acme);
    }
  }

  private final Backbone backbone;
  private final ControlNode control;
  private final PopNode pop;

  private AllInOneNode(Backbone backbone, ControlNode control, PopNode pop) {
    this.backbone = backbone;
    this.control = control;
    this.pop = pop;
  }

  static AllInOneNode start(Options options) throws IOException, InterruptedException, GeneralSecurityException {
    Path data = options.data();
    Backbone backbone = options.pulsar() != null
        ? Backbone.pulsar(options.pulsar(),
        options.pulsarAdmin() != null ? options.pulsarAdmin() : Backbone.defaultAdminUrl(options.pulsar())) : Backbone.embedded(data);
    ControlNode control = null;
    try {
      KvStore kv = backbone.kvStore(data.resolve("kv"), 1, Set.of(1));
      control = ControlNode.start(new ControlNode.Options(data, options.host(), options.apiPort(),
          options.maxBundleBytes(), options.dnsPort(), options.dnsRateLimit(), options.platformDomain(), List.of(options.popAddress()),
          options.geo(), options.acme()), backbone, kv);
      // The PoP reads the registry and the secrets key of the control plane beside it directly.
      PopNode pop = PopNode.start(new PopNode.Options(options.popId(), options.host(), options.httpPort(),
              options.tlsPort(), options.http3(), options.platformDomain(), options.popAddress(), options.location(),
              100, data.resolve("pop"), data.resolve("secret.key")),
          backbone, control.registry(), kv);
      return new AllInOneNode(backbone, control, pop);
    } catch (IOException | InterruptedException | GeneralSecurityException | RuntimeException e) {
      if (control != null) {
        control.close();
      }
      backbone.close();
      throw e;
    }
  }

  /** The control plane's API address, {@code http://host:port}. */
  String api() {
    return control.api();
  }

  String adminToken() {
    return control.adminToken();
  }

  EdgePop pop() {
    return pop.pop();
  }

  /** The DNS port, or -1 without DNS. */
  int dnsPort() {
    return control.dnsPort();
  }

  /** The certificates the PoP serves by SNI. */
  TlsCertificates certificates() {
    return pop.certificates();
  }

  /** A feed of the backbone both sides share. */
  KeyedFeed feed(String name) throws IOException {
    return backbone.feed(name);
  }

  /** The manifest feed both sides share. */
  KeyedFeed manifests() throws IOException {
    return backbone.feed("manifests");
  }

  /** Stops the PoP first (withdrawing it from DNS, draining requests), then the control plane. */
  @Override
  public void close() {
    pop.close();
    control.close();
    backbone.close();
  }
}
