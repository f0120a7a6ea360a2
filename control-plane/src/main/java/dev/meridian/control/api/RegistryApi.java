package dev.meridian.control.api;

import dev.meridian.bundles.Bundle;
import dev.meridian.bundles.store.BundleStore;
import dev.meridian.control.auth.Principal;
import dev.meridian.control.auth.Scope;
import dev.meridian.control.http.ApiException;
import dev.meridian.control.http.ApiRequest;
import dev.meridian.control.http.ApiResponse;
import dev.meridian.control.http.Route;
import dev.meridian.control.store.Workers;
import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.util.List;

/**
 * The registry's download side, for PoPs ({@code HttpBundleSource}): the operator's node tokens get
 * any bundle; another tenant's token only the bundles of its own versions (404 otherwise, as for a
 * missing one).
 */
final class RegistryApi {

  private final BundleStore registry;
  private final Workers workers;

  RegistryApi(BundleStore registry, Workers workers) {
    this.registry = registry;
    this.workers = workers;
  }

  List<Route> routes() {
    return List.of(Route.auth(HttpMethod.GET, "/internal/bundles/{hash}", Scope.NODE, this::download));
  }

  private ApiResponse download(ApiRequest request) throws IOException {
    String hash = request.param("hash");
    Principal who = request.who();
    boolean visible = Bundle.isHash(hash)
        && (who.tenant().equals(Principal.OPERATOR_TENANT) || workers.tenantHasBundle(who.tenant(), hash));
    byte[] bytes = visible ? registry.get(hash) : null;
    if (bytes == null) {
      throw ApiException.notFound("no bundle " + hash + " in the registry");
    }
    return new ApiResponse.Body(200, "application/zip", bytes);
  }
}
