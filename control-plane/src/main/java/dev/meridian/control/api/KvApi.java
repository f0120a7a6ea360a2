package dev.meridian.control.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.control.auth.Scope;
import dev.meridian.control.http.ApiException;
import dev.meridian.control.http.ApiRequest;
import dev.meridian.control.http.ApiResponse;
import dev.meridian.control.http.Json;
import dev.meridian.control.http.Route;
import dev.meridian.control.store.Ids;
import dev.meridian.control.store.KvNamespaces;
import dev.meridian.control.store.KvNamespaces.Namespace;
import dev.meridian.kv.KvException;
import dev.meridian.kv.KvListResult;
import dev.meridian.kv.KvNamespace;
import dev.meridian.kv.KvStore;
import dev.meridian.kv.KvValue;
import dev.meridian.kv.ListOptions;
import dev.meridian.kv.NamespaceId;
import dev.meridian.kv.PutOptions;
import dev.meridian.kv.SizeLimitException;
import io.netty.handler.codec.http.HttpMethod;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * KV namespaces and their values. A namespace's data is crdt-kv's {@code NamespaceId(tenant, id)},
 * the same one a worker binding {@code id} reaches, so the CLI and workers see the same keys.
 * Without a {@link KvStore} the namespace list still works and the value operations answer 503.
 */
final class KvApi {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
  /** How long a store operation may take before the request fails; replication is not waited for. */
  private static final long TIMEOUT_SECONDS = 30;

  record CreateNamespace(@Nullable String name) {}

  record NamespaceView(String id, String name, Instant createdAt) {}

  private final KvNamespaces namespaces;
  private final @Nullable KvStore store;
  private final Clock clock;

  KvApi(KvNamespaces namespaces, @Nullable KvStore store, Clock clock) {
    this.namespaces = namespaces;
    this.store = store;
    this.clock = clock;
  }

  List<Route> routes() {
    String ns = "/v1/kv/namespaces/{id}";
    return List.of(
        Route.auth(HttpMethod.GET, "/v1/kv/namespaces", Scope.KV_READ, this::list),
        Route.auth(HttpMethod.POST, "/v1/kv/namespaces", Scope.KV_WRITE, this::create).consuming(ApiResponse.JSON),
        Route.auth(HttpMethod.DELETE, ns, Scope.KV_WRITE, this::delete),
        Route.auth(HttpMethod.GET, ns + "/keys", Scope.KV_READ, this::keys),
        Route.auth(HttpMethod.GET, ns + "/values/{key}", Scope.KV_READ, this::get),
        Route.auth(HttpMethod.PUT, ns + "/values/{key}", Scope.KV_WRITE, this::put).consuming("*/*"),
        Route.auth(HttpMethod.DELETE, ns + "/values/{key}", Scope.KV_WRITE, this::deleteValue));
  }

  private ApiResponse list(ApiRequest request) {
    return ApiResponse.ok(Map.of("namespaces", namespaces.list(request.tenant()).stream().map(KvApi::view).toList()));
  }

  private ApiResponse create(ApiRequest request) {
    String name = Check.matches(request.json(CreateNamespace.class).name(), "name", NAME,
        "1 to 64 letters, digits, '_', '.' or '-'");
    Namespace ns = new Namespace(Ids.random("", 16), request.tenant(), name, clock.instant());
    if (!namespaces.create(ns)) {
      throw ApiException.conflict("a KV namespace named \"" + name + "\" already exists");
    }
    return ApiResponse.created(view(ns));
  }

  private ApiResponse delete(ApiRequest request) {
    if (!namespaces.delete(request.tenant(), request.param("id"))) {
      throw notFound(request);
    }
    return ApiResponse.noContent();
  }

  private ApiResponse keys(ApiRequest request) {
    KvNamespace ns = open(request);
    int limit = KvNamespace.DEFAULT_LIST_LIMIT;
    String limitText = request.query("limit");
    if (limitText != null) {
      try {
        limit = Integer.parseInt(limitText);
      } catch (NumberFormatException e) {
        throw ApiException.badRequest("limit must be a number from 1 to " + KvNamespace.DEFAULT_LIST_LIMIT);
      }
    }
    String prefix = request.query("prefix");
    KvListResult page = await(ns.list(new ListOptions(prefix == null ? "" : prefix, limit, request.query("cursor"))));
    List<Map<String, Object>> keys = page.keys().stream().map(k -> {
      Map<String, Object> key = new LinkedHashMap<>();
      key.put("name", k.name());
      if (k.expiration() != null) {
        key.put("expiration", k.expiration());
      }
      if (k.metadata() != null) {
        key.put("metadata", metadata(k.metadata()));
      }
      return key;
    }).toList();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("keys", keys);
    body.put("list_complete", page.listComplete());
    if (page.cursor() != null) {
      body.put("cursor", page.cursor());
    }
    return ApiResponse.ok(body);
  }

  private ApiResponse get(ApiRequest request) {
    KvValue value = await(open(request).get(request.param("key")));
    if (value == null) {
      throw ApiException.notFound("no key \"" + request.param("key") + "\" in this namespace");
    }
    return new ApiResponse.Body(200, "application/octet-stream", value.value());
  }

  private ApiResponse put(ApiRequest request) {
    KvNamespace ns = open(request);
    PutOptions options = new PutOptions(number(request, "expiration"), number(request, "expiration_ttl"),
        request.query("metadata"));
    if (options.metadata() != null) {
      metadataMustBeJson(options.metadata());
    }
    await(ns.put(request.param("key"), request.body(), options));
    return ApiResponse.noContent();
  }

  private ApiResponse deleteValue(ApiRequest request) {
    await(open(request).delete(request.param("key")));
    return ApiResponse.noContent();
  }

  private KvNamespace open(ApiRequest request) {
    Namespace ns = namespaces.get(request.tenant(), request.param("id"));
    if (ns == null) {
      throw notFound(request);
    }
    if (store == null) {
      throw ApiException.unavailable("this control plane runs without a KV store, so KV values cannot be"
          + " read or written here; start it with one (meridian server does)");
    }
    return store.namespace(new NamespaceId(ns.tenant(), ns.id()));
  }

  private static ApiException notFound(ApiRequest request) {
    return ApiException.notFound("no KV namespace \"" + request.param("id") + "\"; list them with GET /v1/kv/namespaces");
  }

  private static @Nullable Long number(ApiRequest request, String name) {
    String text = request.query(name);
    if (text == null) {
      return null;
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(name + " must be a whole number of seconds, not \"" + text + "\"");
    }
  }

  private static void metadataMustBeJson(String metadata) {
    try {
      Json.MAPPER.readTree(metadata);
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest("metadata must be JSON: " + e.getOriginalMessage());
    }
  }

  private static Object metadata(String json) {
    try {
      JsonNode node = Json.MAPPER.readTree(json);
      return node == null ? json : node;
    } catch (JsonProcessingException e) {
      return json;
    }
  }

  private static <T> T await(CompletableFuture<T> future) {
    try {
      return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof SizeLimitException s) {
        throw ApiException.tooLarge(s.getMessage());
      }
      if (e.getCause() instanceof KvException k) {
        throw ApiException.badRequest(k.getMessage());
      }
      throw new IllegalStateException("KV store failed", e.getCause());
    } catch (TimeoutException e) {
      throw ApiException.unavailable("the KV store did not answer within " + TIMEOUT_SECONDS + " s; retry");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiException.unavailable("interrupted while waiting for the KV store");
    }
  }

  private static NamespaceView view(Namespace ns) {
    return new NamespaceView(ns.id(), ns.name(), ns.createdAt());
  }
}
