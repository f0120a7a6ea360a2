package dev.meridian.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.kv.KvStore;
import dev.meridian.kv.NamespaceId;
import dev.meridian.kv.PutOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** KV namespaces and values through the API, on a real crdt-kv store. */
class KvTest {

  @TempDir
  Path dir;

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void valuesAreTheOnesWorkersSee() throws Exception {
    try (KvStore kv = TestPlane.kv(dir.resolve("kv"));
        TestPlane t = TestPlane.start(dir, c -> c.withKvStore(kv))) {
      Api.Response created = t.admin.postJson("/v1/kv/namespaces", Map.of("name", "config"));
      assertEquals(201, created.status(), created::toString);
      String id = created.json().get("id").asText();
      assertEquals(409, t.admin.postJson("/v1/kv/namespaces", Map.of("name", "config")).status());
      String base = "/v1/kv/namespaces/" + id;

      assertEquals(204, t.admin.send("PUT", base + "/values/greeting", "text/plain", utf8("hello")).status());
      assertEquals(204, t.admin.send("PUT", base + "/values/a%2Fb?metadata=%7B%22v%22%3A1%7D",
          "application/octet-stream", new byte[] {0, 1, 2}).status());
      Api.Response got = t.admin.get(base + "/values/greeting");
      assertEquals(200, got.status());
      assertEquals("hello", got.text());
      assertEquals("application/octet-stream", got.headers().firstValue("content-type").orElse(""));

      // The binding's view: NamespaceId(tenant, namespace id).
      var worker = kv.namespace(new NamespaceId("default", id));
      assertEquals("hello", worker.get("greeting").get().text());
      worker.put("from-worker", "set by a worker", PutOptions.NONE).get();
      assertEquals("set by a worker", t.admin.get(base + "/values/from-worker").text());

      Api.Response keys = t.admin.get(base + "/keys");
      assertEquals(200, keys.status(), keys::toString);
      assertEquals(3, keys.json().get("keys").size());
      assertEquals("a/b", keys.json().get("keys").get(0).get("name").asText());
      assertEquals(1, keys.json().get("keys").get(0).get("metadata").get("v").asInt());
      assertTrue(keys.json().get("list_complete").asBoolean());

      Api.Response page = t.admin.get(base + "/keys?limit=1&prefix=");
      assertFalse(page.json().get("list_complete").asBoolean());
      Api.Response next = t.admin.get(base + "/keys?limit=1&cursor=" + page.json().get("cursor").asText());
      assertEquals("from-worker", next.json().get("keys").get(0).get("name").asText());

      assertEquals(204, t.admin.delete(base + "/values/greeting").status());
      assertEquals(404, t.admin.get(base + "/values/greeting").status());

      Api.Response list = t.admin.get("/v1/kv/namespaces");
      assertEquals(id, list.json().get("namespaces").get(0).get("id").asText());
      assertEquals(204, t.admin.delete(base).status());
      assertEquals(404, t.admin.get(base + "/keys").status());
    }
  }

  @Test
  void storeErrorsAreClear() throws Exception {
    try (KvStore kv = TestPlane.kv(dir.resolve("kv"));
        TestPlane t = TestPlane.start(dir, c -> c.withKvStore(kv))) {
      String base = "/v1/kv/namespaces/" + t.admin.postJson("/v1/kv/namespaces", Map.of("name", "n")).json().get("id").asText();
      Api.Response ttl = t.admin.send("PUT", base + "/values/k?expiration_ttl=5", "text/plain", utf8("v"));
      assertEquals(400, ttl.status());
      assertTrue(ttl.errorMessage().contains("60"), ttl::toString);
      assertEquals(400, t.admin.send("PUT", base + "/values/k?expiration_ttl=soon", "text/plain", utf8("v")).status());
      assertEquals(400, t.admin.send("PUT", base + "/values/k?metadata=%7Bbroken", "text/plain", utf8("v")).status());
      Api.Response longKey = t.admin.send("PUT", base + "/values/" + "k".repeat(600), "text/plain", utf8("v"));
      assertEquals(413, longKey.status(), longKey::toString);
      assertEquals(400, t.admin.get(base + "/keys?limit=0").status());
      assertEquals(400, t.admin.get(base + "/keys?limit=many").status());
      assertEquals(400, t.admin.get(base + "/values/..").status());
    }
  }

  @Test
  void withoutAStoreValuesAre503AndNamespacesStillWork() throws Exception {
    try (TestPlane t = TestPlane.start(dir)) {
      Api.Response created = t.admin.postJson("/v1/kv/namespaces", Map.of("name", "n"));
      assertEquals(201, created.status());
      Api.Response r = t.admin.get("/v1/kv/namespaces/" + created.json().get("id").asText() + "/values/k");
      assertEquals(503, r.status());
      assertEquals("unavailable", r.errorCode());
      assertTrue(r.errorMessage().contains("without a KV store"), r::toString);
      assertEquals(404, t.admin.get("/v1/kv/namespaces/nope/values/k").status(), "a missing namespace is still 404");
    }
  }
}
