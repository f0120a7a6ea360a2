package dev.meridian.cli;

import dev.meridian.bundles.BundleSource;
import dev.meridian.bundles.feed.KeyedFeed;
import dev.meridian.bundles.fetch.BundleFetcher;
import dev.meridian.bundles.fetch.DiskBundleCache;
import dev.meridian.bundles.manifest.ManifestFeed;
import dev.meridian.bundles.secrets.Sealer;
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
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PoP of a network, wired to the backbone: deployments from the manifests feed, bundles through a
 * fetcher with a disk cache under {@code data}, ACME HTTP-01 answers from the challenges feed,
 * certificates from the certificates feed into its SNI map (the development certificate answering
 * any other name), and a health report every few seconds on the PoPs' feed for DNS. {@link #start}
 * returns once the manifests the feed held are routed (or after {@link #MANIFEST_REPLAY_WAIT}), so a
 * restarted PoP is not announced while it would still answer 404 for deployments it has yet to read.
 */
final class PopNode implements AutoCloseable {

  static final long BUNDLE_CACHE_BYTES = 1L << 30;
  static final Duration BUNDLE_WAIT = Duration.ofSeconds(10);
  static final Duration MANIFEST_REPLAY_WAIT = Duration.ofSeconds(30);
  private static final Logger LOG = LoggerFactory.getLogger(PopNode.class);

  /**
   * @param tlsPort the HTTPS port (and HTTP/3's UDP port when {@code http3}), or -1 for none
   * @param address the address DNS hands out for this PoP (a literal IP)
   * @param weight 100 normally, 0 to drain (DNS stops sending users here)
   */
  record Options(String id, String host, int httpPort, int tlsPort, boolean http3, String platformDomain,
      String address, Location location, int weight, Path data, Path secretKey) {}

  private final List<AutoCloseable> parts;
  private final EdgePop pop;
  private final TlsCertificates certificates;

  private PopNode(List<AutoCloseable> parts, EdgePop pop, TlsCertificates certificates) {
    this.parts = parts;
    this.pop = pop;
    this.certificates = certificates;
  }

  static PopNode start(Options options, Backbone backbone, BundleSource bundles, KvStore kv)
      throws IOException, InterruptedException, GeneralSecurityException {
    List<AutoCloseable> parts = new ArrayList<>();
    try {
      Sealer sealer = new Sealer(options.secretKey());
      TlsCertificates tls = DevCertificate.certificates(options.data().resolve("tls-default"));
      ChallengeTokens tokens = new ChallengeTokens();
      parts.add(backbone.feed("acme-challenges").subscribe(tokens));
      parts.add(backbone.feed("certificates").subscribe(new CertificateInstaller(tls, sealer)));
      BundleFetcher fetcher = new BundleFetcher(bundles,
          new DiskBundleCache(options.data().resolve("bundles"), BUNDLE_CACHE_BYTES), BUNDLE_WAIT);
      parts.add(fetcher);
      HttpFront.Config http = new HttpFront.Config(options.host(), options.httpPort(), options.tlsPort(),
          options.tlsPort() == -1 ? null : tls,
          options.http3() && options.tlsPort() != -1 ? HttpFront.HTTP3_ON_TLS_PORT : HttpFront.HTTP3_OFF,
          HttpLimits.DEFAULTS, HttpFront.DEFAULT_DRAIN_TIMEOUT);
      EdgePop pop = EdgePop.start(new EdgePop.Config(options.id(), options.platformDomain(), http,
              WorkerRuntime.Config.defaults().withService(KvStore.class, kv), EdgePop.Config.DEFAULT_MAX_LOADED_BYTES,
              tokens::keyAuthorization),
          new ManifestFeed(backbone.feed("manifests")), fetcher, sealer, backbone.tail());
      parts.add(pop);
      // Health is reported, and DNS sends users here, only once the routes the feed held are known.
      if (!pop.awaitManifests(MANIFEST_REPLAY_WAIT)) {
        LOG.warn("event=manifest_replay_slow pop={} waited={} action=reporting_health_anyway", options.id(),
            MANIFEST_REPLAY_WAIT);
      }
      KeyedFeed pops = backbone.feed("pops");
      parts.add(HealthReporter.start(pops, options.id(), List.of(options.address()), options.location(),
          options.weight()));
      return new PopNode(parts, pop, tls);
    } catch (IOException | InterruptedException | GeneralSecurityException | RuntimeException e) {
      Backbone.closeAll(parts);
      throw e;
    }
  }

  EdgePop pop() {
    return pop;
  }

  /** The certificates served by SNI. */
  TlsCertificates certificates() {
    return certificates;
  }

  /** Withdraws the health report (DNS stops at once), drains requests, then stops. */
  @Override
  public void close() {
    Backbone.closeAll(parts);
  }
}
