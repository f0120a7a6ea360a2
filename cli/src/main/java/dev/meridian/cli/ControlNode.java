package dev.meridian.cli;

import dev.meridian.bundles.manifest.ManifestFeed;
import dev.meridian.bundles.store.BundleStore;
import dev.meridian.bundles.secrets.Sealer;
import dev.meridian.control.ControlPlane;
import dev.meridian.control.edge.EdgeControl;
import dev.meridian.dns.server.RateLimit;
import dev.meridian.dns.steer.CidrTable;
import dev.meridian.dns.steer.GeoLocator;
import dev.meridian.dns.steer.MaxMindLocator;
import dev.meridian.kv.KvStore;
import io.micrometer.core.instrument.Metrics;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A control plane wired to the backbone: the tenants' API and registry publishing deployments on the
 * manifests feed, and with a DNS port the edge side too ({@link EdgeControl}: DNS for the platform's
 * domain and routed hostnames, steered by the PoPs' reports; certificates when a CA is given).
 */
final class ControlNode implements AutoCloseable {

  /**
   * @param dnsPort authoritative DNS (UDP and TCP), or -1 for none
   * @param dnsRateLimit response rate limiting of that DNS over UDP
   * @param nameServers the addresses of the platform zone's name server (this node, as others reach it)
   * @param geo files locating clients for DNS steering, asked in order: CSV files of {@code
   *     cidr,region,latitude,longitude} rows (the operator's own table) and MaxMind {@code .mmdb}
   *     databases; none leaves clients unlocated (PoPs ranked by weight)
   * @param acme the CA, or null for no certificates
   */
  record Options(Path data, String host, int apiPort, int maxBundleBytes, int dnsPort, RateLimit dnsRateLimit,
      String platformDomain,
      List<String> nameServers, List<Path> geo, EdgeControl.@Nullable Acme acme) {}

  private final List<AutoCloseable> parts;
  private final ControlPlane control;
  private final @Nullable EdgeControl edge;
  private final String host;

  private ControlNode(List<AutoCloseable> parts, ControlPlane control, @Nullable EdgeControl edge, String host) {
    this.parts = parts;
    this.control = control;
    this.edge = edge;
    this.host = host;
  }

  static ControlNode start(Options options, Backbone backbone, @Nullable KvStore kv)
      throws IOException, InterruptedException {
    List<AutoCloseable> parts = new ArrayList<>();
    try {
      ControlPlane control = ControlPlane.start(ControlPlane.Config.of(options.data(), backbone.feed("manifests"),
              backbone.tail())
          .withAddress(options.host(), options.apiPort()).withKvStore(kv).withMaxBundleBytes(options.maxBundleBytes()));
      parts.add(control);
      EdgeControl edge = null;
      if (options.dnsPort() >= 0) {
        List<InetAddress> nameServers = new ArrayList<>();
        for (String address : options.nameServers()) {
          nameServers.add(InetAddress.getByName(address));
        }
        edge = EdgeControl.start(new EdgeControl.Config(options.host(), options.dnsPort(), 2, options.platformDomain(),
                nameServers, locator(options.geo()), options.acme(), options.dnsRateLimit()),
            new ManifestFeed(backbone.feed("manifests")), backbone.feed("pops"), backbone.feed("acme-challenges"),
            backbone.feed("certificates"), new Sealer(options.data().resolve("secret.key")), Metrics.globalRegistry);
        parts.add(edge);
      }
      return new ControlNode(parts, control, edge, options.host());
    } catch (IOException | InterruptedException | RuntimeException e) {
      Backbone.closeAll(parts);
      throw e;
    }
  }

  private static GeoLocator locator(List<Path> files) throws IOException {
    List<GeoLocator> locators = new ArrayList<>();
    for (Path file : files) {
      locators.add(file.toString().endsWith(".mmdb") ? MaxMindLocator.open(file) : CidrTable.readCsv(file));
    }
    return GeoLocator.firstOf(locators.toArray(GeoLocator[]::new));
  }

  /** The API's address, {@code http://host:port}. */
  String api() {
    return "http://" + host + ":" + control.port();
  }

  /** The registry, for a PoP in the same process to read bundles from without HTTP. */
  BundleStore registry() {
    return control.registry();
  }

  int apiPort() {
    return control.port();
  }

  String adminToken() {
    return control.adminToken();
  }

  /** The DNS port, or -1 without DNS. */
  int dnsPort() {
    return edge == null ? -1 : edge.dnsPort();
  }

  @Override
  public void close() {
    Backbone.closeAll(parts);
  }
}
