package dev.meridian.pop.server;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.meridian.bundles.Bundle;
import dev.meridian.bundles.WorkerMetadata;
import dev.meridian.bundles.fetch.BundleFetcher;
import dev.meridian.bundles.manifest.Manifest;
import dev.meridian.bundles.manifest.ManifestFeed;
import dev.meridian.bundles.manifest.Release;
import dev.meridian.bundles.secrets.Sealer;
import dev.meridian.bundles.feed.KeyedFeed;
import dev.meridian.bundles.tail.LogTail;
import dev.meridian.pop.api.kv.KvExtension;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import dev.meridian.pop.http.HttpFront;
import dev.meridian.pop.io.WorkerExchange;
import dev.meridian.pop.io.WorkerLimits;
import dev.meridian.pop.isolate.WorkerDefinition;
import dev.meridian.pop.isolate.WorkerRuntime;
import dev.meridian.pop.wasm.WasmEngine;
import dev.meridian.pop.wasm.WasmLoadException;
import dev.meridian.pop.wasm.WasmWorker;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PoP serving what the control plane deployed: routes come from the manifest feed, a version's
 * bundle is fetched the first time a request needs it (the request waits; concurrent ones share the
 * fetch, see {@link BundleFetcher}) or at once when the deployment is pinned, and gradual rollouts
 * split requests by the manifest's percentages, each request drawing its own point. Every PoP also
 * answers ACME HTTP-01 challenges, so that a certificate can be issued for any hostname it serves.
 *
 * <p>A deployed worker runs as {@code tenant/worker@version} under its tenant: its KV bindings
 * reach that tenant's namespaces only, and its console output goes to the deployment's live tail.
 */
public final class EdgePop implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EdgePop.class);
  static final String ACME_CHALLENGE_PATH = "/.well-known/acme-challenge/";

  /**
   * @param pop this PoP's id, in logs and tail events
   * @param platformDomain every deployment answers at {@code <worker>.<tenant>.<platformDomain>}
   * @param maxLoadedBytes bundles kept loaded in memory (by encoded size), least recently used out
   * @param acmeTokens key authorizations of pending HTTP-01 challenges by token; null when this PoP
   *     takes part in no ACME issuing
   */
  public record Config(String pop, String platformDomain, HttpFront.Config http, WorkerRuntime.Config runtime,
      long maxLoadedBytes, @Nullable Function<String, @Nullable String> acmeTokens) {
    public static final long DEFAULT_MAX_LOADED_BYTES = 512L << 20;
  }

  private final Config config;
  private final BundleFetcher bundles;
  private final Sealer secrets;
  private final WorkerRuntime runtime;
  private final WasmEngine wasm;
  private final DeploymentTable deployments;
  private final TailSink tail;
  private final MeterRegistry meters;
  private final AtomicReferenceArray<Timer> timers = new AtomicReferenceArray<>(5 * ObservedExchange.Outcome.values().length);
  private final Cache<LoadedKey, ServedWorker> loaded;
  private final KeyedFeed.Subscription subscription;
  private final HttpFront front;

  private EdgePop(Config config, ManifestFeed manifests, BundleFetcher bundles, Sealer secrets, LogTail tail)
      throws InterruptedException {
    this.config = config;
    this.bundles = bundles;
    this.secrets = secrets;
    TailSink sink = new TailSink(config.runtime().logSink(), tail, config.pop(), Clock.systemUTC());
    this.tail = sink;
    this.meters = Metrics.globalRegistry;
    this.runtime = WorkerRuntime.start(config.runtime().withLogSink(sink));
    this.wasm = WasmEngine.start(WasmEngine.Config.defaults().withLogSink(sink));
    this.loaded = Caffeine.newBuilder()
        .maximumWeight(config.maxLoadedBytes())
        .<LoadedKey, ServedWorker>weigher((key, served) -> served.weight())
        .<LoadedKey, ServedWorker>removalListener((key, served, cause) -> {
          if (served != null) {
            served.close();
          }
        })
        .build();
    this.deployments = new DeploymentTable(config.platformDomain(), this::prefetchIfPinned);
    this.subscription = manifests.subscribe(deployments);
    try {
      this.front = HttpFront.start(config.http(), this::dispatch);
    } catch (InterruptedException | RuntimeException e) {
      subscription.close();
      wasm.close();
      runtime.close();
      throw e;
    }
  }

  /**
   * Starts serving on {@code config.http()}; the manifests are replayed in the background (wait with
   * {@link #awaitManifests}). The feed, fetcher, sealer and tail stay the caller's to close.
   */
  public static EdgePop start(Config config, ManifestFeed manifests, BundleFetcher bundles, Sealer secrets,
      LogTail tail) throws InterruptedException {
    return new EdgePop(config, manifests, bundles, secrets, tail);
  }

  public int port() {
    return front.port();
  }

  public int tlsPort() {
    return front.tlsPort();
  }

  /** Deployments known now. */
  public int deployments() {
    return deployments.size();
  }

  /** Waits until the manifests the feed held at start are routed; false on timeout. */
  public boolean awaitManifests(Duration timeout) throws InterruptedException {
    return deployments.awaitReplayed(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The revision of a deployment's manifest this PoP routes by, or -1 if it has none. */
  public long revision(String deploymentId) {
    Manifest manifest = deployments.get(deploymentId);
    return manifest == null ? -1 : manifest.revision();
  }

  private void dispatch(WorkerExchange arrived) {
    URI url = URI.create(arrived.url());
    String path = url.getRawPath();
    if (path.startsWith(ACME_CHALLENGE_PATH) && config.acmeTokens() != null) {
      answerChallenge(arrived, path.substring(ACME_CHALLENGE_PATH.length()));
      return;
    }
    DeploymentTable.Deployment deployment =
        deployments.route(url.getAuthority() == null ? "" : url.getAuthority(), path);
    if (deployment == null) {
      ServedWorker.answer(arrived, 404, "no worker is routed for " + url.getAuthority() + path + "\n");
      return;
    }
    Manifest manifest = deployment.manifest();
    Release release = manifest.releaseAt(ThreadLocalRandom.current().nextInt(100));
    WorkerExchange exchange = observed(arrived, manifest, release);
    LoadedKey key = new LoadedKey(manifest.deploymentId(), release.version(), release.bundleHash(),
        deployment.secretsDigest());
    ServedWorker served = loaded.getIfPresent(key);
    if (served != null) {
      served.dispatch(runtime, wasm, exchange);
      return;
    }
    bundles.fetch(release.bundleHash()).whenComplete((bundle, error) -> {
      if (error != null) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        LOG.warn("event=bundle_unavailable deployment={} version={} bundle={} error=\"{}\"", manifest.deploymentId(),
            release.version(), release.bundleHash(), cause.getMessage());
        ServedWorker.answer(exchange, 503, (cause instanceof TimeoutException
            ? "the worker's code did not arrive in time" : "the worker's code could not be fetched")
            + " (deployment " + manifest.deploymentId() + ", version " + release.version() + "); try again\n");
        return;
      }
      loaded.get(key, k -> load(deployment, release, bundle)).dispatch(runtime, wasm, exchange);
    });
  }

  /**
   * The exchange, reporting its end to the deployment's live tail (one event per request) and to the
   * PoP's request metrics ({@code meridian.requests}: by status class and outcome).
   */
  private WorkerExchange observed(WorkerExchange exchange, Manifest manifest, Release release) {
    return new ObservedExchange(exchange, (ended, status, nanos, outcome) -> {
      timer(status, outcome).record(nanos, TimeUnit.NANOSECONDS);
      tail.request(manifest.deploymentId(), release.version(), ended.requestId(), ended.method(), ended.url(), status,
          TimeUnit.NANOSECONDS.toMillis(nanos), outcome.name().toLowerCase(Locale.ROOT));
    });
  }

  /** The request timer of a status class and outcome, looked up in the registry once. */
  private Timer timer(int status, ObservedExchange.Outcome outcome) {
    int statusClass = Math.min(Math.max(status / 100, 1), 5);
    int index = (statusClass - 1) * ObservedExchange.Outcome.values().length + outcome.ordinal();
    Timer timer = timers.get(index);
    if (timer == null) {
      timer = Timer.builder("meridian.requests").description("requests served by workers on this PoP, arrival to last byte")
          .tag("status", statusClass + "xx").tag("outcome", outcome.name().toLowerCase(Locale.ROOT)).register(meters);
      timers.set(index, timer);
    }
    return timer;
  }

  private void answerChallenge(WorkerExchange exchange, String token) {
    String keyAuthorization = config.acmeTokens().apply(token);
    if (keyAuthorization == null) {
      ServedWorker.answer(exchange, 404, "no pending ACME challenge has this token\n");
      return;
    }
    exchange.respond(200, List.of("content-type", "application/octet-stream"),
        keyAuthorization.getBytes(StandardCharsets.US_ASCII));
    if (exchange.body() != null) {
      exchange.body().cancel();
    }
  }

  /** Pinned deployments are fetched when their manifest arrives, so no request ever waits for them. */
  private void prefetchIfPinned(Manifest manifest) {
    if (!manifest.pinned()) {
      return;
    }
    for (Release release : manifest.releases()) {
      bundles.fetch(release.bundleHash()).whenComplete((bundle, error) -> {
        if (error != null) {
          LOG.warn("event=prefetch_failed deployment={} bundle={} error=\"{}\"", manifest.deploymentId(),
              release.bundleHash(), error.getMessage());
        }
      });
    }
  }

  /** A loaded worker: one version of one deployment with one set of secrets. */
  private record LoadedKey(String deploymentId, String version, String bundleHash, String secretsDigest) {}

  private ServedWorker load(DeploymentTable.Deployment deployment, Release release, Bundle bundle) {
    Manifest manifest = deployment.manifest();
    WorkerMetadata metadata = bundle.metadata();
    String name = manifest.deploymentId() + "@" + release.version();
    String version = release.bundleHash().substring(0, 16) + "-" + deployment.secretsDigest();
    WorkerMetadata.Limits l = metadata.limits();
    WorkerLimits limits;
    Map<String, String> opened = new LinkedHashMap<>();
    try {
      limits = new WorkerLimits(l.memoryMb(), l.cpuMs(), l.subrequests());
      manifest.sealedSecrets().forEach((secret, sealed) -> opened.put(secret, secrets.open(sealed)));
    } catch (IllegalArgumentException e) {
      return ServedWorker.failed(e.getMessage()).weighing(bundle.size());
    }
    if (metadata.main().endsWith(".wasm")) {
      Map<String, String> vars = new LinkedHashMap<>();
      metadata.vars().forEach((var, value) -> vars.put(var, String.valueOf(value)));
      vars.putAll(opened);
      try {
        return ServedWorker.wasm(wasm.load(name, version, metadata.main(), bundle.files(), vars, limits,
            metadata.wasmInterface() == null ? null : WasmWorker.Interface.named(metadata.wasmInterface())))
            .weighing(bundle.size());
      } catch (WasmLoadException e) {
        return ServedWorker.failed(e.getMessage()).weighing(bundle.size());
      }
    }
    Map<String, Object> env = new LinkedHashMap<>();
    metadata.vars().forEach((var, value) -> env.put(var, value));
    env.putAll(opened);
    metadata.kvNamespaces().forEach(kv -> env.put(kv.binding(), KvExtension.descriptor(kv.id())));
    return ServedWorker.javascript(new WorkerDefinition(name, version, metadata.main(), bundle::file, env, limits,
        metadata.origin(), manifest.tenant())).weighing(bundle.size());
  }

  @Override
  public void close() {
    front.close();
    subscription.close();
    loaded.invalidateAll();
    loaded.cleanUp();
    wasm.close();
    runtime.close();
  }
}
