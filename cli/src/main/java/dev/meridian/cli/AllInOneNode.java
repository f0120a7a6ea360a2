package dev.meridian.cli;

import dev.meridian.bundles.feed.KeyedFeed;
import dev.meridian.bundles.fetch.BundleFetcher;
import dev.meridian.bundles.fetch.DiskBundleCache;
import dev.meridian.bundles.manifest.ManifestFeed;
import dev.meridian.bundles.secrets.Sealer;
import dev.meridian.bundles.store.FileBundleStore;
import dev.meridian.control.ControlPlane;
import dev.meridian.kv.KvStore;
import dev.meridian.pop.isolate.WorkerRuntime;
import dev.meridian.pop.server.EdgePop;
import dev.meridian.pop.server.LocalPop;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The control plane and a PoP in one process ({@code meridian server}): they share the data
 * directory (the PoP reads the registry and the secrets key directly), the KV store, and the feeds
 * and log tail — in-process, or over Pulsar when other nodes take part.
 */
final class AllInOneNode implements AutoCloseable {

  static final long BUNDLE_CACHE_BYTES = 1L << 30;
  static final Duration BUNDLE_WAIT = Duration.ofSeconds(10);

  /**
   * @param pulsar a Pulsar service URL shared with other nodes, or null for everything in-process
   * @param maxBundleBytes the largest bundle the registry takes
   */
  record Options(Path data, String host, int httpPort, int apiPort, @Nullable String pulsar, String popId,
      String platformDomain, int maxBundleBytes) {}

  private final Backbone backbone;
  private final ControlPlane control;
  private final BundleFetcher fetcher;
  private final EdgePop pop;
  private final KeyedFeed manifests;
  private final String host;

  private AllInOneNode(Backbone backbone, ControlPlane control, BundleFetcher fetcher, EdgePop pop,
      KeyedFeed manifests, String host) {
    this.host = host;
    this.backbone = backbone;
    this.control = control;
    this.fetcher = fetcher;
    this.pop = pop;
    this.manifests = manifests;
  }

  static AllInOneNode start(Options options) throws IOException, InterruptedException {
    Path data = options.data();
    Backbone backbone = options.pulsar() != null ? Backbone.pulsar(options.pulsar()) : Backbone.embedded(data);
    try {
      KvStore kv = backbone.kvStore(data.resolve("kv"), 1, Set.of(1));
      KeyedFeed manifests = backbone.feed("manifests");
      ControlPlane control = ControlPlane.start(ControlPlane.Config.of(data, manifests, backbone.tail())
          .withAddress(options.host(), options.apiPort()).withKvStore(kv).withMaxBundleBytes(options.maxBundleBytes()));
      BundleFetcher fetcher = new BundleFetcher(new FileBundleStore(data.resolve("bundles"), options.maxBundleBytes()),
          new DiskBundleCache(data.resolve("pop").resolve("bundles"), BUNDLE_CACHE_BYTES), BUNDLE_WAIT);
      EdgePop pop;
      try {
        pop = EdgePop.start(new EdgePop.Config(options.popId(), options.platformDomain(),
                LocalPop.http(options.host(), options.httpPort()),
                WorkerRuntime.Config.defaults().withService(KvStore.class, kv), EdgePop.Config.DEFAULT_MAX_LOADED_BYTES,
                null),
            new ManifestFeed(manifests), fetcher, new Sealer(data.resolve("secret.key")), backbone.tail());
      } catch (InterruptedException | RuntimeException e) {
        fetcher.close();
        control.close();
        throw e;
      }
      return new AllInOneNode(backbone, control, fetcher, pop, manifests, options.host());
    } catch (IOException | InterruptedException | RuntimeException e) {
      backbone.close();
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

  /** The manifest feed both sides share. */
  KeyedFeed manifests() {
    return manifests;
  }

  @Override
  public void close() {
    pop.close();
    control.close();
    fetcher.close();
    backbone.close();
  }
}
