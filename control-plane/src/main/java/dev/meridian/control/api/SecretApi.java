package dev.meridian.control.api;

import dev.meridian.bundles.secrets.Sealer;
import dev.meridian.control.auth.Scope;
import dev.meridian.control.deploy.ManifestPublisher;
import dev.meridian.control.http.ApiException;
import dev.meridian.control.http.ApiRequest;
import dev.meridian.control.http.ApiResponse;
import dev.meridian.control.http.Route;
import dev.meridian.control.store.Deployments;
import dev.meridian.control.store.Deployments.Deployment;
import dev.meridian.control.store.Secrets;
import dev.meridian.control.store.Workers;
import dev.meridian.control.store.Workers.Worker;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A worker's secrets: sealed (AES-256-GCM) before they are stored, listed by name only, never
 * returned. A change republishes the deployment's manifest (next revision) with the sealed values.
 */
final class SecretApi {

  /** A binding name: a JS identifier, as {@code env.NAME} reaches it. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]{0,63}");
  /** Cloudflare's limit per secret: a secret is a credential, not a file. */
  static final int MAX_VALUE_BYTES = 5 * 1024;

  record PutSecret(@Nullable String value) {}

  record SecretView(String name, Instant updatedAt) {}

  private final Workers workers;
  private final Secrets secrets;
  private final Deployments deployments;
  private final ManifestPublisher publisher;
  private final Sealer sealer;
  private final Clock clock;

  SecretApi(Workers workers, Secrets secrets, Deployments deployments, ManifestPublisher publisher, Sealer sealer,
      Clock clock) {
    this.workers = workers;
    this.secrets = secrets;
    this.deployments = deployments;
    this.publisher = publisher;
    this.sealer = sealer;
    this.clock = clock;
  }

  List<Route> routes() {
    return List.of(
        Route.auth(HttpMethod.GET, "/v1/workers/{name}/secrets", Scope.WORKERS_READ, this::list),
        Route.auth(HttpMethod.PUT, "/v1/workers/{name}/secrets/{secret}", Scope.SECRETS_WRITE, this::put)
            .consuming(ApiResponse.JSON),
        Route.auth(HttpMethod.DELETE, "/v1/workers/{name}/secrets/{secret}", Scope.SECRETS_WRITE, this::delete));
  }

  private ApiResponse list(ApiRequest request) {
    Worker w = Check.worker(workers, request);
    return ApiResponse.ok(Map.of("secrets", secrets.names(w.tenant(), w.name()).stream()
        .map(s -> new SecretView(s.name(), s.updatedAt())).toList()));
  }

  private ApiResponse put(ApiRequest request) {
    Worker w = Check.worker(workers, request);
    String name = Check.matches(request.param("secret"), "secret", NAME,
        "a JavaScript identifier of at most 64 characters");
    String value = Check.required(request.json(PutSecret.class).value(), "value");
    int bytes = value.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_VALUE_BYTES) {
      throw ApiException.tooLarge("the secret is " + bytes + " bytes; a secret is at most " + MAX_VALUE_BYTES
          + " bytes: keep larger data in KV");
    }
    Instant now = clock.instant();
    secrets.put(w.tenant(), w.name(), name, sealer.seal(value), now);
    republish(w, now);
    return ApiResponse.ok(new SecretView(name, now));
  }

  private ApiResponse delete(ApiRequest request) {
    Worker w = Check.worker(workers, request);
    if (!secrets.delete(w.tenant(), w.name(), request.param("secret"))) {
      throw ApiException.notFound("worker \"" + w.name() + "\" has no secret \"" + request.param("secret") + "\"");
    }
    republish(w, clock.instant());
    return ApiResponse.noContent();
  }

  private void republish(Worker w, Instant now) {
    Deployment d = deployments.touch(w.tenant(), w.name(), now);
    if (d != null) {
      publisher.publish(d);
    }
  }
}
