package dev.meridian.control.api;

import dev.meridian.bundles.manifest.ManifestFeed;
import dev.meridian.bundles.secrets.Sealer;
import dev.meridian.bundles.store.BundleStore;
import dev.meridian.bundles.tail.LogTail;
import dev.meridian.control.auth.TokenService;
import dev.meridian.control.deploy.ManifestPublisher;
import dev.meridian.control.http.Route;
import dev.meridian.control.store.Database;
import dev.meridian.control.store.Deployments;
import dev.meridian.control.store.KvNamespaces;
import dev.meridian.control.store.Secrets;
import dev.meridian.control.store.Tenants;
import dev.meridian.control.store.Tokens;
import dev.meridian.control.store.Workers;
import dev.meridian.kv.KvStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Every route of the API, wired to its stores: the one place that lists them. */
public final class ApiRoutes {

  private ApiRoutes() {}

  /**
   * @param kv the KV store the kv endpoints read and write, or {@code null} to answer them 503
   */
  public static List<Route> all(Database db, TokenService tokenService, BundleStore registry, int maxBundleBytes,
      ManifestFeed manifests, LogTail tail, Sealer sealer, @Nullable KvStore kv, Clock clock) {
    Tenants tenants = new Tenants(db);
    Tokens tokens = new Tokens(db);
    Workers workers = new Workers(db);
    Deployments deployments = new Deployments(db);
    Secrets secrets = new Secrets(db);
    KvNamespaces namespaces = new KvNamespaces(db);
    ManifestPublisher publisher = new ManifestPublisher(manifests, workers, secrets);
    DeploymentApi deploymentApi = new DeploymentApi(workers, deployments, publisher, clock);

    List<Route> routes = new ArrayList<>(OpenApiDocument.routes());
    routes.addAll(new TokenApi(tokenService, tokens, tenants, clock).routes());
    routes.addAll(new TenantApi(tenants, clock).routes());
    routes.addAll(new WorkerApi(workers, deployments, deploymentApi, publisher).routes());
    routes.addAll(new VersionApi(workers, namespaces, registry, maxBundleBytes, clock).routes());
    routes.addAll(deploymentApi.routes());
    routes.addAll(new SecretApi(workers, secrets, deployments, publisher, sealer, clock).routes());
    routes.addAll(new KvApi(namespaces, kv, clock).routes());
    routes.addAll(new TailApi(workers, tail).routes());
    routes.addAll(new RegistryApi(registry, workers).routes());
    return routes;
  }
}
