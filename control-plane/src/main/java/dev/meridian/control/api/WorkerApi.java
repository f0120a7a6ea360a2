package dev.meridian.control.api;

import dev.meridian.control.auth.Scope;
import dev.meridian.control.deploy.ManifestPublisher;
import dev.meridian.control.http.ApiException;
import dev.meridian.control.http.ApiRequest;
import dev.meridian.control.http.ApiResponse;
import dev.meridian.control.http.Route;
import dev.meridian.control.store.Deployments;
import dev.meridian.control.store.Workers;
import dev.meridian.control.store.Workers.Worker;
import io.netty.handler.codec.http.HttpMethod;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Workers as a whole: list, show, delete (which withdraws the manifest, so PoPs stop serving it). */
final class WorkerApi {

  record WorkerView(String name, Instant createdAt, int versions, DeploymentApi.@Nullable DeploymentView deployment) {}

  private final Workers workers;
  private final DeploymentApi deployments;
  private final Deployments deploymentStore;
  private final ManifestPublisher publisher;

  WorkerApi(Workers workers, Deployments deploymentStore, DeploymentApi deployments, ManifestPublisher publisher) {
    this.workers = workers;
    this.deploymentStore = deploymentStore;
    this.deployments = deployments;
    this.publisher = publisher;
  }

  List<Route> routes() {
    return List.of(
        Route.auth(HttpMethod.GET, "/v1/workers", Scope.WORKERS_READ, this::list),
        Route.auth(HttpMethod.GET, "/v1/workers/{name}", Scope.WORKERS_READ, this::get),
        Route.auth(HttpMethod.DELETE, "/v1/workers/{name}", Scope.WORKERS_WRITE, this::delete));
  }

  private ApiResponse list(ApiRequest request) {
    return ApiResponse.ok(Map.of("workers", workers.list(request.tenant()).stream().map(this::view).toList()));
  }

  private ApiResponse get(ApiRequest request) {
    return ApiResponse.ok(view(Check.worker(workers, request)));
  }

  private ApiResponse delete(ApiRequest request) {
    boolean deployed = deploymentStore.get(request.tenant(), request.param("name")) != null;
    if (!workers.delete(request.tenant(), request.param("name"))) {
      throw ApiException.notFound("no worker \"" + request.param("name") + "\"");
    }
    if (deployed) {
      publisher.withdraw(request.tenant(), request.param("name"));
    }
    return ApiResponse.noContent();
  }

  private WorkerView view(Worker w) {
    var d = deploymentStore.get(w.tenant(), w.name());
    return new WorkerView(w.name(), w.createdAt(), workers.versions(w.tenant(), w.name()).size(),
        d == null ? null : deployments.view(d));
  }
}
