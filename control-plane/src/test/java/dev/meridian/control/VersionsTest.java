package dev.meridian.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.bundles.Bundle;
import dev.meridian.bundles.WorkerMetadata;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VersionsTest {

  private static final int MAX_BUNDLE = 16 * 1024;

  @TempDir
  Path dir;
  TestPlane t;

  @BeforeEach
  void start() throws Exception {
    t = TestPlane.start(dir, c -> c.withMaxBundleBytes(MAX_BUNDLE));
  }

  @AfterEach
  void stop() {
    t.close();
  }

  private Api.Response upload(Api api, String worker, byte[] body) {
    return api.send("POST", "/v1/workers/" + worker + "/versions", "application/zip", body);
  }

  @Test
  void uploadAnswers201WithTheVersion() {
    byte[] bundle = TestPlane.bundle("shop", m -> m.withRoutes(List.of("shop.example.com/*")));
    Api.Response r = upload(t.admin, "shop", bundle);
    assertEquals(201, r.status(), r::toString);
    assertEquals(1, r.json().get("number").asInt());
    assertEquals(Bundle.hashOf(bundle), r.json().get("bundle").asText());
    assertEquals(bundle.length, r.json().get("size").asInt());
    assertEquals("shop", r.json().get("metadata").get("name").asText());
    assertTrue(r.json().has("created_at"));
    Api.Response second = upload(t.admin, "shop", TestPlane.bundle("shop", m -> m, "export default {};"));
    assertEquals(2, second.json().get("number").asInt());
    Api.Response list = t.admin.get("/v1/workers/shop/versions");
    assertEquals(2, list.json().get("versions").size());
    assertEquals(2, list.json().get("versions").get(0).get("number").asInt(), "newest first");
    Api.Response worker = t.admin.get("/v1/workers/shop");
    assertEquals(2, worker.json().get("versions").asInt());
  }

  @Test
  void theSameBytesTwiceAreStoredOnce() throws IOException {
    byte[] bundle = TestPlane.bundle("shop", m -> m);
    Api.Response a = upload(t.admin, "shop", bundle);
    Api.Response b = upload(t.admin, "shop", bundle);
    assertEquals(201, b.status());
    assertEquals(a.json().get("bundle"), b.json().get("bundle"));
    try (Stream<Path> files = Files.walk(t.dataDir().resolve("bundles"))) {
      assertEquals(1, files.filter(Files::isRegularFile).count(), "one file in the registry");
    }
  }

  @Test
  void notAZipIs400WithTheBundleMessage() {
    Api.Response r = upload(t.admin, "shop", "this is not a zip".getBytes(StandardCharsets.UTF_8));
    assertEquals(400, r.status(), r::toString);
    assertEquals("bad_request", r.errorCode());
    assertTrue(r.errorMessage().startsWith("invalid bundle: "), r::toString);
  }

  @Test
  void badMetadataIs400() throws IOException {
    byte[] zip = zip(Map.of("meridian.json", "{\"name\": \"bad name!\", \"main\": \"index.js\"}",
        "index.js", "export default {};"));
    Api.Response r = upload(t.admin, "shop", zip);
    assertEquals(400, r.status(), r::toString);
    assertTrue(r.errorMessage().contains("bad name!"), r::toString);
  }

  @Test
  void metadataForAnotherWorkerIs400() {
    Api.Response r = upload(t.admin, "shop", TestPlane.bundle("other", m -> m));
    assertEquals(400, r.status());
    assertTrue(r.errorMessage().contains("/v1/workers/other/versions"), r::toString);
  }

  @Test
  void oversizeIs413() throws Exception {
    byte[] noise = new byte[MAX_BUNDLE];
    new Random(7).nextBytes(noise);
    byte[] big = Bundle.of(WorkerMetadata.of("shop", "index.js"), Map.of(
        "index.js", "export default {};".getBytes(StandardCharsets.UTF_8), "noise.bin", noise)).encode();
    Api.Response r = upload(t.admin, "shop", big);
    assertEquals(413, r.status(), r::toString);
    assertEquals("payload_too_large", r.errorCode());
    assertTrue(r.errorMessage().contains(String.valueOf(MAX_BUNDLE)), r::toString);
    assertEquals(404, t.admin.get("/v1/workers/shop").status(), "nothing stored");
  }

  @Test
  void wrongContentTypeIs415() {
    Api.Response r = t.admin.send("POST", "/v1/workers/shop/versions", "application/json",
        TestPlane.bundle("shop", m -> m));
    assertEquals(415, r.status());
    assertTrue(r.errorMessage().contains("application/zip"), r::toString);
  }

  @Test
  void aRouteOnAnotherTenantsHostnameIs409NamingIt() {
    TestPlane.upload(t.admin, "shop", TestPlane.bundle("shop", m -> m.withRoutes(List.of("shop.example.com/*"))));
    Api acme = t.tenant("acme", "workers:write", "workers:read");
    Api.Response exact = upload(acme, "mine", TestPlane.bundle("mine", m -> m.withRoutes(List.of("shop.example.com/api*"))));
    assertEquals(409, exact.status(), exact::toString);
    assertTrue(exact.errorMessage().contains("shop.example.com"), exact::toString);
    Api.Response wildcard = upload(acme, "mine", TestPlane.bundle("mine", m -> m.withRoutes(List.of("*.example.com/*"))));
    assertEquals(409, wildcard.status(), wildcard::toString);
    assertEquals(404, acme.get("/v1/workers/mine").status(), "a refused upload makes no worker");
    assertEquals(201, upload(acme, "mine", TestPlane.bundle("mine", m -> m.withRoutes(List.of("acme.example.com/*")))).status());
    // The same tenant may route one hostname to several workers.
    assertEquals(201, upload(t.admin, "blog", TestPlane.bundle("blog", m -> m.withRoutes(List.of("shop.example.com/blog*")))).status());
  }

  @Test
  void tenantsRacingForOneHostnameGetItOnceExactly() throws Exception {
    List<Api> tenants = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      tenants.add(t.tenant("racer" + i, "workers:write"));
    }
    byte[] bundle = TestPlane.bundle("site", m -> m.withRoutes(List.of("contested.example.com/*")));
    List<CompletableFuture<Integer>> results = tenants.stream()
        .map(api -> CompletableFuture.supplyAsync(() -> upload(api, "site", bundle).status()))
        .toList();
    List<Integer> statuses = results.stream().map(CompletableFuture::join).sorted().toList();
    assertEquals(List.of(201, 409, 409, 409, 409, 409), statuses);
  }

  @Test
  void deletingAWorkerFreesItsHostnames() {
    TestPlane.upload(t.admin, "shop", TestPlane.bundle("shop", m -> m.withRoutes(List.of("shop.example.com/*"))));
    Api acme = t.tenant("acme", "workers:write");
    byte[] theirs = TestPlane.bundle("shop", m -> m.withRoutes(List.of("shop.example.com/*")));
    assertEquals(409, upload(acme, "shop", theirs).status());
    assertEquals(204, t.admin.delete("/v1/workers/shop").status());
    assertEquals(201, upload(acme, "shop", theirs).status(), "the hostname is free again");
  }

  @Test
  void aKvBindingToAMissingNamespaceIs422() {
    Api.Response r = upload(t.admin, "shop", TestPlane.bundle("shop",
        m -> m.withKvNamespaces(List.of(new WorkerMetadata.KvBinding("CACHE", "nope")))));
    assertEquals(422, r.status(), r::toString);
    assertTrue(r.errorMessage().contains("nope"), r::toString);
    String id = t.admin.postJson("/v1/kv/namespaces", Map.of("name", "cache")).json().get("id").asText();
    Api.Response ok = upload(t.admin, "shop", TestPlane.bundle("shop",
        m -> m.withKvNamespaces(List.of(new WorkerMetadata.KvBinding("CACHE", id)))));
    assertEquals(201, ok.status(), ok::toString);
  }

  @Test
  void anotherTenantsNamespaceIdIsMissingToo() {
    Api acme = t.tenant("acme", "workers:write", "kv:write");
    String theirs = t.admin.postJson("/v1/kv/namespaces", Map.of("name", "cache")).json().get("id").asText();
    Api.Response r = upload(acme, "shop", TestPlane.bundle("shop",
        m -> m.withKvNamespaces(List.of(new WorkerMetadata.KvBinding("CACHE", theirs)))));
    assertEquals(422, r.status(), r::toString);
  }

  private static byte[] zip(Map<String, String> entries) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out)) {
      for (var e : new TreeMap<>(entries).descendingMap().entrySet()) {
        z.putNextEntry(new ZipEntry(e.getKey()));
        z.write(e.getValue().getBytes(StandardCharsets.UTF_8));
        z.closeEntry();
      }
    }
    return out.toByteArray();
  }
}
