package dev.meridian.control.api;

import dev.meridian.bundles.manifest.Manifest;
import dev.meridian.bundles.manifest.Release;
import dev.meridian.control.auth.Scope;
import dev.meridian.control.deploy.ManifestPublisher;
import dev.meridian.control.http.ApiException;
import dev.meridian.control.http.ApiRequest;
import dev.meridian.control.http.ApiResponse;
import dev.meridian.control.http.Route;
import dev.meridian.control.store.Deployments;
import dev.meridian.control.store.Deployments.Deployment;
import dev.meridian.control.store.Deployments.ReleaseRow;
import dev.meridian.control.store.Workers;
import dev.meridian.control.store.Workers.Version;
import dev.meridian.control.store.Workers.Worker;
import io.netty.handler.codec.http.HttpMethod;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Which versions serve a worker: one release at 100 %, or several (a gradual rollout) whose
 * percentages add up to 100. Every PUT publishes the manifest under the next revision.
 */
final class DeploymentApi {

  record ReleaseBody(@Nullable String version, @Nullable Integer percent) {}

  record PutDeployment(@Nullable List<ReleaseBody> releases, @Nullable Boolean pinned) {}

  record ReleaseView(String version, int number, String bundle, int percent) {}

  record DeploymentView(long revision, List<ReleaseView> releases, List<String> routes, boolean pinned,
      Instant updatedAt) {}

  /** A past (or the current) deployment: which versions served and with what share. */
  record HistoryView(long revision, List<HistoryRelease> releases, boolean pinned, Instant createdAt) {}

  record HistoryRelease(String version, int number, int percent) {}

  /** How many past deployments {@code GET .../deployments} lists. */
  static final int HISTORY_LIMIT = 100;

  private final Workers workers;
  private final Deployments deployments;
  private final ManifestPublisher publisher;
  private final Clock clock;

  DeploymentApi(Workers workers, Deployments deployments, ManifestPublisher publisher, Clock clock) {
    this.workers = workers;
    this.deployments = deployments;
    this.publisher = publisher;
    this.clock = clock;
  }

  List<Route> routes() {
    return List.of(
        Route.auth(HttpMethod.GET, "/v1/workers/{name}/deployment", Scope.WORKERS_READ, this::get),
        Route.auth(HttpMethod.PUT, "/v1/workers/{name}/deployment", Scope.WORKERS_WRITE, this::put)
            .consuming(ApiResponse.JSON),
        Route.auth(HttpMethod.GET, "/v1/workers/{name}/deployments", Scope.WORKERS_READ, this::history));
  }

  private ApiResponse history(ApiRequest request) {
    Worker w = Check.worker(workers, request);
    List<HistoryView> views = new ArrayList<>();
    for (Deployment d : deployments.history(w.tenant(), w.name(), HISTORY_LIMIT)) {
      List<HistoryRelease> releases = new ArrayList<>();
      for (ReleaseRow r : d.releases()) {
        Version v = workers.version(w.tenant(), w.name(), r.version());
        releases.add(new HistoryRelease(r.version(), v == null ? 0 : v.number(), r.percent()));
      }
      views.add(new HistoryView(d.revision(), releases, d.pinned(), d.updatedAt()));
    }
    return ApiResponse.ok(Map.of("deployments", views));
  }

  private ApiResponse get(ApiRequest request) {
    Worker w = Check.worker(workers, request);
    Deployment d = deployments.get(w.tenant(), w.name());
    if (d == null) {
      throw ApiException.notFound("worker \"" + w.name() + "\" has no deployment yet; PUT one");
    }
    return ApiResponse.ok(view(d));
  }

  private ApiResponse put(ApiRequest request) {
    Worker w = Check.worker(workers, request);
    PutDeployment body = request.json(PutDeployment.class);
    List<ReleaseBody> releases = Check.required(body.releases(), "releases");
    if (releases.isEmpty()) {
      throw ApiException.badRequest("\"releases\" is empty; give at least one {version, percent}");
    }
    List<ReleaseRow> rows = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    int sum = 0;
    for (ReleaseBody r : releases) {
      if (r == null) {
        throw ApiException.badRequest("a release is null; each is {\"version\": id, \"percent\": 1..100}");
      }
      String version = Check.required(r.version(), "releases[].version");
      int percent = Check.required(r.percent(), "releases[].percent");
      if (percent < 1 || percent > 100) {
        throw ApiException.badRequest("version " + version + " has percent " + percent + "; each must be 1 to 100");
      }
      if (!seen.add(version)) {
        throw ApiException.badRequest("version " + version + " is listed twice");
      }
      sum += percent;
      rows.add(new ReleaseRow(version, percent));
    }
    if (sum != 100) {
      throw ApiException.badRequest("the release percentages add up to " + sum + ", not 100");
    }
    for (ReleaseRow r : rows) {
      if (workers.version(w.tenant(), w.name(), r.version()) == null) {
        throw ApiException.notFound("worker \"" + w.name() + "\" has no version \"" + r.version()
            + "\"; list them with GET /v1/workers/" + w.name() + "/versions");
      }
    }
    Deployment d = deployments.put(w.tenant(), w.name(), rows, Boolean.TRUE.equals(body.pinned()), clock.instant());
    publisher.publish(d);
    return ApiResponse.ok(view(d));
  }

  DeploymentView view(Deployment d) {
    Manifest manifest = publisher.manifestOf(d);
    List<ReleaseView> releases = new ArrayList<>();
    for (Release r : manifest.releases()) {
      Version v = workers.version(d.tenant(), d.worker(), r.version());
      releases.add(new ReleaseView(r.version(), v == null ? 0 : v.number(), r.bundleHash(), r.percent()));
    }
    return new DeploymentView(d.revision(), releases, manifest.routes(), d.pinned(), d.updatedAt());
  }

  /** The deployment's id on the manifest feed and the log tail. */
  static String deploymentId(Worker w) {
    return Manifest.deploymentId(w.tenant(), w.name());
  }
}
