package dev.meridian.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.control.http.Route;
import dev.meridian.kv.KvStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tenant beta, with every scope of its own tenant, against every route of the API aimed at tenant
 * alpha's objects: each answers 404 (as for a missing object) and changes nothing of alpha's. A
 * route added to the router without an entry here fails the test.
 */
class TenantIsolationTest {

  @TempDir
  Path dir;
  KvStore kv;
  TestPlane t;
  Api alpha;
  Api beta;
  String tokenId;
  String namespace;
  String bundleHash;
  long revision;

  @BeforeEach
  void start() throws Exception {
    kv = TestPlane.kv(dir.resolve("kv"));
    t = TestPlane.start(dir, c -> c.withKvStore(kv));
    alpha = t.tenant("alpha", TestPlane.ALL_SCOPES);
    beta = t.tenant("beta", TestPlane.ALL_SCOPES);
    tokenId = alpha.postJson("/v1/tokens", Map.of("name", "ci", "scopes", List.of("tail"))).json().get("id").asText();
    namespace = alpha.postJson("/v1/kv/namespaces", Map.of("name", "cache")).json().get("id").asText();
    assertEquals(204, alpha.send("PUT", "/v1/kv/namespaces/" + namespace + "/values/k", "text/plain",
        "alpha's value".getBytes(StandardCharsets.UTF_8)).status());
    Api.Response v = alpha.send("POST", "/v1/workers/shop/versions", "application/zip",
        TestPlane.bundle("shop", m -> m.withRoutes(List.of("alpha.example.com/*"))));
    bundleHash = v.json().get("bundle").asText();
    TestPlane.deploy(alpha, "shop", v.json().get("id").asText());
    assertEquals(200, alpha.putJson("/v1/workers/shop/secrets/API_KEY", Map.of("value", "alpha-secret")).status());
    revision = alpha.get("/v1/workers/shop/deployment").json().get("revision").asLong();
  }

  @AfterEach
  void stop() {
    t.close();
    kv.close();
  }

  /** What beta sends to a route: a path aimed at alpha's objects and a well-formed body. */
  private record Probe(String path, @Nullable String contentType, byte @Nullable [] body) {
    static Probe of(String path) {
      return new Probe(path, null, null);
    }

    static Probe json(String path, String json) {
      return new Probe(path, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }
  }

  private Map<String, Probe> objectRoutes() {
    String ns = "/v1/kv/namespaces/" + namespace;
    String deployment = "{\"releases\": [{\"version\": \"x\", \"percent\": 100}]}";
    Map<String, Probe> m = new LinkedHashMap<>();
    m.put("DELETE /v1/tokens/{id}", Probe.of("/v1/tokens/" + tokenId));
    m.put("GET /v1/workers/{name}", Probe.of("/v1/workers/shop"));
    m.put("DELETE /v1/workers/{name}", Probe.of("/v1/workers/shop"));
    m.put("GET /v1/workers/{name}/versions", Probe.of("/v1/workers/shop/versions"));
    m.put("GET /v1/workers/{name}/deployment", Probe.of("/v1/workers/shop/deployment"));
    m.put("PUT /v1/workers/{name}/deployment", Probe.json("/v1/workers/shop/deployment", deployment));
    m.put("GET /v1/workers/{name}/deployments", Probe.of("/v1/workers/shop/deployments"));
    m.put("GET /v1/workers/{name}/secrets", Probe.of("/v1/workers/shop/secrets"));
    m.put("PUT /v1/workers/{name}/secrets/{secret}", Probe.json("/v1/workers/shop/secrets/API_KEY", "{\"value\": \"beta\"}"));
    m.put("DELETE /v1/workers/{name}/secrets/{secret}", Probe.of("/v1/workers/shop/secrets/API_KEY"));
    m.put("GET /v1/workers/{name}/tail", Probe.of("/v1/workers/shop/tail"));
    m.put("DELETE /v1/kv/namespaces/{id}", Probe.of(ns));
    m.put("GET /v1/kv/namespaces/{id}/keys", Probe.of(ns + "/keys"));
    m.put("GET /v1/kv/namespaces/{id}/values/{key}", Probe.of(ns + "/values/k"));
    m.put("PUT /v1/kv/namespaces/{id}/values/{key}", new Probe(ns + "/values/k", "text/plain",
        "beta's value".getBytes(StandardCharsets.UTF_8)));
    m.put("DELETE /v1/kv/namespaces/{id}/values/{key}", Probe.of(ns + "/values/k"));
    m.put("GET /internal/bundles/{hash}", Probe.of("/internal/bundles/" + bundleHash));
    return m;
  }

  /** Routes that name no object of another tenant: checked separately below. */
  private static final Set<String> TENANT_WIDE = Set.of(
      "GET /openapi.json", "GET /v1/whoami", "POST /v1/tenants", "GET /v1/tenants", "POST /v1/tokens",
      "GET /v1/tokens", "GET /v1/workers", "GET /v1/kv/namespaces", "POST /v1/kv/namespaces",
      "POST /v1/workers/{name}/versions");

  @Test
  void everyRouteIsCovered() {
    Set<String> covered = new TreeSet<>(objectRoutes().keySet());
    covered.addAll(TENANT_WIDE);
    Set<String> routed = new TreeSet<>();
    for (Route r : t.plane.routes()) {
      routed.add(r.method().name() + " " + r.template());
    }
    assertEquals(routed, covered, "every route must be probed for isolation");
  }

  @Test
  void anotherTenantsObjectsAre404ForReadsAndWrites() {
    List<String> leaks = new ArrayList<>();
    objectRoutes().forEach((route, probe) -> {
      String method = route.substring(0, route.indexOf(' '));
      Api.Response r = beta.send(method, probe.path(), probe.contentType(), probe.body());
      if (r.status() != 404 || !r.errorCode().equals("not_found")) {
        leaks.add(route + " → " + r);
      }
      if (method.equals("GET") && !route.endsWith("/tail")) {
        Api.Response own = alpha.send(method, probe.path(), null, null);
        assertEquals(200, own.status(), () -> "alpha reads its own " + probe.path() + ": " + own);
      }
    });
    assertTrue(leaks.isEmpty(), "beta reached alpha's objects:\n" + String.join("\n", leaks));
    assertAlphaUntouched();
  }

  @Test
  void listsShowOnlyTheCallersObjects() {
    for (String path : List.of("/v1/workers", "/v1/kv/namespaces", "/v1/tokens")) {
      Api.Response r = beta.get(path);
      assertEquals(200, r.status(), r::toString);
      assertFalse(r.text().contains("shop") || r.text().contains(namespace) || r.text().contains(tokenId),
          path + " shows alpha's objects: " + r);
    }
    assertEquals("beta", beta.get("/v1/whoami").json().get("tenant").asText());
    assertEquals(403, beta.get("/v1/tenants").status());
    assertEquals(403, beta.postJson("/v1/tenants", Map.of("name", "gamma")).status());
    assertEquals(403, beta.postJson("/v1/tokens", Map.of("name", "x", "scopes", List.of("admin"), "tenant", "alpha")).status());
  }

  @Test
  void sameNamesInAnotherTenantAreSeparateObjects() {
    Api.Response ns = beta.postJson("/v1/kv/namespaces", Map.of("name", "cache"));
    assertEquals(201, ns.status(), "namespace names are per tenant: " + ns);
    Api.Response v = beta.send("POST", "/v1/workers/shop/versions", "application/zip", TestPlane.bundle("shop", m -> m));
    assertEquals(201, v.status(), v::toString);
    assertEquals(1, v.json().get("number").asInt(), "beta's own worker shop");
    assertEquals(404, beta.get("/internal/bundles/" + bundleHash).status(), "alpha's bundle stays hidden");
    assertAlphaUntouched();
  }

  @Test
  void theOperatorsNodeTokenGetsEveryBundle() {
    Api node = t.api(t.token("default", "node"));
    Api.Response r = node.get("/internal/bundles/" + bundleHash);
    assertEquals(200, r.status());
    assertEquals("application/zip", r.headers().firstValue("content-type").orElse(""));
    assertEquals(404, node.get("/internal/bundles/" + "0".repeat(64)).status());
    assertEquals(404, node.get("/internal/bundles/not-a-hash").status());
  }

  private void assertAlphaUntouched() {
    assertEquals(200, alpha.get("/v1/workers/shop").status());
    assertEquals(1, alpha.get("/v1/workers/shop/versions").json().get("versions").size());
    assertEquals(revision, alpha.get("/v1/workers/shop/deployment").json().get("revision").asLong());
    assertEquals("API_KEY", alpha.get("/v1/workers/shop/secrets").json().get("secrets").get(0).get("name").asText());
    assertEquals("alpha's value", alpha.get("/v1/kv/namespaces/" + namespace + "/values/k").text());
    Api.Response tokens = alpha.get("/v1/tokens");
    for (var tok : tokens.json().get("tokens")) {
      assertFalse(tok.has("revoked_at"), "alpha's token " + tok.get("id") + " was revoked");
    }
  }
}
