package dev.meridian.control.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.bundles.Bundle;
import dev.meridian.bundles.BundleException;
import dev.meridian.bundles.RoutePattern;
import dev.meridian.bundles.WorkerMetadata;
import dev.meridian.bundles.store.BundleStore;
import dev.meridian.control.auth.Scope;
import dev.meridian.control.http.ApiException;
import dev.meridian.control.http.ApiRequest;
import dev.meridian.control.http.ApiResponse;
import dev.meridian.control.http.Json;
import dev.meridian.control.http.Route;
import dev.meridian.control.store.KvNamespaces;
import dev.meridian.control.store.Workers;
import dev.meridian.control.store.Workers.ClaimedRoute;
import dev.meridian.control.store.Workers.Version;
import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Immutable versions: an upload is an encoded bundle ({@code application/zip}), checked in this
 * order — size (413), decodes with valid metadata (400, the bundle's own message), metadata names
 * this worker (400), bound KV namespaces exist (422), routes take no other tenant's hostname
 * (409) — then stored in the registry (same bytes, same hash: stored once) and numbered.
 */
final class VersionApi {

  private static final Pattern WORKER_NAME = Pattern.compile("[A-Za-z0-9_-]{1,63}");

  record VersionView(String id, int number, String bundle, long size, Instant createdAt, JsonNode metadata) {}

  private final Workers workers;
  private final KvNamespaces namespaces;
  private final BundleStore registry;
  private final int maxBundleBytes;
  private final Clock clock;

  VersionApi(Workers workers, KvNamespaces namespaces, BundleStore registry, int maxBundleBytes, Clock clock) {
    this.workers = workers;
    this.namespaces = namespaces;
    this.registry = registry;
    this.maxBundleBytes = maxBundleBytes;
    this.clock = clock;
  }

  List<Route> routes() {
    return List.of(
        Route.auth(HttpMethod.POST, "/v1/workers/{name}/versions", Scope.WORKERS_WRITE, this::upload)
            .consuming("application/zip"),
        Route.auth(HttpMethod.GET, "/v1/workers/{name}/versions", Scope.WORKERS_READ, this::list));
  }

  private ApiResponse upload(ApiRequest request) throws IOException {
    String tenant = request.tenant();
    String name = Check.matches(request.param("name"), "name", WORKER_NAME,
        "1 to 63 letters, digits, '_' or '-'");
    byte[] body = request.body();
    if (body.length > maxBundleBytes) {
      throw ApiException.tooLarge("the bundle is " + body.length + " bytes; the registry takes at most "
          + maxBundleBytes + " bytes: leave large assets out of the worker");
    }
    Bundle bundle;
    try {
      bundle = Bundle.decode(body);
    } catch (BundleException e) {
      throw bundleError(e);
    }
    WorkerMetadata metadata = bundle.metadata();
    if (!metadata.name().equals(name)) {
      throw ApiException.badRequest("the bundle is for worker \"" + metadata.name() + "\" but was uploaded to \""
          + name + "\"; upload it to /v1/workers/" + metadata.name() + "/versions");
    }
    for (WorkerMetadata.KvBinding b : metadata.kvNamespaces()) {
      if (namespaces.get(tenant, b.id()) == null) {
        throw ApiException.unprocessable("KV binding " + b.binding() + " names namespace \"" + b.id()
            + "\", which does not exist; create it with POST /v1/kv/namespaces and use its id");
      }
    }
    List<RoutePattern> routes = metadata.routePatterns();
    String hash;
    try {
      hash = registry.put(body);
    } catch (BundleException e) {
      throw bundleError(e);
    }
    Version v = workers.addVersion(tenant, name, hash, body.length,
        new String(metadata.toJson(), StandardCharsets.UTF_8),
        routes.stream().map(RoutePattern::toString).toList(), clock.instant(),
        others -> checkRoutes(routes, others));
    return ApiResponse.created(view(v));
  }

  private static void checkRoutes(List<RoutePattern> routes, List<ClaimedRoute> others) {
    for (ClaimedRoute other : others) {
      RoutePattern theirs = RoutePattern.parse(other.pattern());
      for (RoutePattern mine : routes) {
        if (mine.sameHostAs(theirs)) {
          throw ApiException.conflict("the route " + mine + " uses the hostname " + mine.host()
              + ", which another tenant already routes; pick a hostname of your own");
        }
      }
    }
  }

  private static ApiException bundleError(BundleException e) {
    return e.reason() == BundleException.Reason.TOO_LARGE
        ? ApiException.tooLarge(e.getMessage())
        : ApiException.badRequest("invalid bundle: " + e.getMessage());
  }

  private ApiResponse list(ApiRequest request) {
    Check.worker(workers, request);
    return ApiResponse.ok(Map.of("versions",
        workers.versions(request.tenant(), request.param("name")).stream().map(VersionApi::view).toList()));
  }

  static VersionView view(Version v) {
    try {
      return new VersionView(v.id(), v.number(), v.bundle(), v.size(), v.createdAt(), Json.MAPPER.readTree(v.metadata()));
    } catch (IOException e) {
      throw new IllegalStateException("version " + v.id() + " has unreadable metadata in the database", e);
    }
  }
}
