package dev.meridian.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.bundles.Bundle;
import dev.meridian.bundles.feed.KeyedFeed;
import dev.meridian.bundles.manifest.Manifest;
import dev.meridian.bundles.secrets.Sealer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deployments publish manifests on the feed; secrets are sealed at rest and republished. */
class DeploymentTest {

  @TempDir
  Path dir;
  TestPlane t;
  String v1;
  String v2;
  byte[] bundle1;

  @BeforeEach
  void start() throws Exception {
    t = TestPlane.start(dir);
    bundle1 = TestPlane.bundle("shop", m -> m.withRoutes(List.of("shop.example.com/*")));
    v1 = TestPlane.upload(t.admin, "shop", bundle1);
    v2 = TestPlane.upload(t.admin, "shop", TestPlane.bundle("shop",
        m -> m.withRoutes(List.of("shop.example.com/*", "api.example.com/*")), "export default {};"));
  }

  @AfterEach
  void stop() {
    t.close();
  }

  /** The feed's current state, as a late subscriber (a PoP) sees it. */
  private Map<String, byte[]> feedState() throws InterruptedException {
    Map<String, byte[]> state = new TreeMap<>();
    CountDownLatch replayed = new CountDownLatch(1);
    KeyedFeed.Subscription s = t.feed.subscribe(new KeyedFeed.Listener() {
      @Override
      public void onUpdate(String key, byte[] value) {
        state.put(key, value);
      }

      @Override
      public void onDelete(String key) {
        state.remove(key);
      }

      @Override
      public void onReplayed() {
        replayed.countDown();
      }
    });
    try {
      assertTrue(replayed.await(10, TimeUnit.SECONDS), "the feed replays its state");
    } finally {
      s.close();
    }
    return state;
  }

  private @Nullable Manifest manifest(String deploymentId) throws Exception {
    byte[] value = feedState().get(deploymentId);
    return value == null ? null : Manifest.fromJson(value);
  }

  private Api.Response put(Object body) {
    return t.admin.putJson("/v1/workers/shop/deployment", body);
  }

  @Test
  void putPublishesTheManifestAndRevisionsIncrease() throws Exception {
    assertEquals(404, t.admin.get("/v1/workers/shop/deployment").status(), "no deployment yet");
    TestPlane.deploy(t.admin, "shop", v1);
    Manifest first = manifest("default/shop");
    assertEquals("default", first.tenant());
    assertEquals("shop", first.worker());
    assertEquals(List.of("shop.example.com/*"), first.routes());
    assertEquals(1, first.releases().size());
    assertEquals(v1, first.releases().getFirst().version());
    assertEquals(Bundle.hashOf(bundle1), first.releases().getFirst().bundleHash());
    assertEquals(100, first.releases().getFirst().percent());

    Api.Response rollout = put(Map.of("releases", List.of(Map.of("version", v1, "percent", 90),
        Map.of("version", v2, "percent", 10)), "pinned", true));
    assertEquals(200, rollout.status(), rollout::toString);
    Manifest second = manifest("default/shop");
    assertTrue(second.revision() > first.revision(), second.revision() + " after " + first.revision());
    assertEquals(List.of(90, 10), second.releases().stream().map(r -> r.percent()).toList());
    assertTrue(second.pinned());
    assertEquals(List.of("shop.example.com/*", "api.example.com/*"), second.routes());

    Api.Response shown = t.admin.get("/v1/workers/shop/deployment");
    assertEquals(second.revision(), shown.json().get("revision").asLong());
    assertEquals(2, shown.json().get("releases").get(1).get("number").asInt());
  }

  @Test
  void everyDeploymentIsKeptNewestFirstButASecretChangeIsNotOne() throws Exception {
    TestPlane.deploy(t.admin, "shop", v1);
    assertEquals(200, put(Map.of("releases", List.of(Map.of("version", v2, "percent", 100)))).status());
    Api.Response secret = t.admin.putJson("/v1/workers/shop/secrets/KEY", Map.of("value", "s"));
    assertEquals(200, secret.status(), secret::toString);
    Api.Response history = t.admin.get("/v1/workers/shop/deployments");
    assertEquals(200, history.status(), history::toString);
    var deployments = history.json().get("deployments");
    assertEquals(2, deployments.size(), history::toString);
    assertEquals(v2, deployments.get(0).get("releases").get(0).get("version").asText());
    assertEquals(2, deployments.get(0).get("releases").get(0).get("number").asInt());
    assertEquals(v1, deployments.get(1).get("releases").get(0).get("version").asText());
    assertTrue(deployments.get(0).get("revision").asLong() > deployments.get(1).get("revision").asLong());
  }

  @Test
  void percentagesMustAddUpTo100() {
    Api.Response r = put(Map.of("releases", List.of(Map.of("version", v1, "percent", 50),
        Map.of("version", v2, "percent", 40))));
    assertEquals(400, r.status());
    assertTrue(r.errorMessage().contains("add up to 90"), r::toString);
    assertEquals(400, put(Map.of("releases", List.of(Map.of("version", v1, "percent", 0),
        Map.of("version", v2, "percent", 100)))).status());
    assertEquals(400, put(Map.of("releases", List.of(Map.of("version", v1, "percent", 50),
        Map.of("version", v1, "percent", 50)))).status());
    assertEquals(400, put(Map.of("releases", List.of())).status());
    assertEquals(400, put(Map.of("pinned", true)).status());
  }

  @Test
  void anUnknownVersionIs404() throws Exception {
    Api.Response r = put(Map.of("releases", List.of(Map.of("version", "vnope", "percent", 100))));
    assertEquals(404, r.status());
    assertTrue(r.errorMessage().contains("vnope"), r::toString);
    assertNull(manifest("default/shop"), "nothing published");
    assertEquals(404, t.admin.putJson("/v1/workers/ghost/deployment",
        Map.of("releases", List.of(Map.of("version", v1, "percent", 100)))).status());
  }

  @Test
  void secretsAreSealedAtRestNeverReturnedAndRepublished() throws Exception {
    TestPlane.deploy(t.admin, "shop", v1);
    long before = manifest("default/shop").revision();
    String plaintext = "sk_live_" + "q7Zr9kP2mX4vL8nB";
    Api.Response put = t.admin.putJson("/v1/workers/shop/secrets/STRIPE_KEY", Map.of("value", plaintext));
    assertEquals(200, put.status(), put::toString);
    assertFalse(put.text().contains(plaintext));

    Manifest m = manifest("default/shop");
    assertTrue(m.revision() > before, "a secret change republishes");
    String sealed = m.sealedSecrets().get("STRIPE_KEY");
    assertFalse(sealed.contains(plaintext));
    assertEquals(plaintext, new Sealer(t.dataDir().resolve(ControlPlane.SECRET_KEY_FILE)).open(sealed), "PoPs open it with the key");

    Api.Response list = t.admin.get("/v1/workers/shop/secrets");
    assertEquals("STRIPE_KEY", list.json().get("secrets").get(0).get("name").asText());
    for (String path : List.of("/v1/workers/shop/secrets", "/v1/workers/shop", "/v1/workers",
        "/v1/workers/shop/deployment", "/v1/workers/shop/versions")) {
      assertFalse(t.admin.get(path).text().contains(plaintext), path);
    }
    try (Stream<Path> files = Files.walk(t.dataDir())) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        assertFalse(bytes.contains(plaintext), "plaintext secret in " + f);
      }
    }

    assertEquals(204, t.admin.delete("/v1/workers/shop/secrets/STRIPE_KEY").status());
    Manifest after = manifest("default/shop");
    assertTrue(after.revision() > m.revision());
    assertTrue(after.sealedSecrets().isEmpty());
    assertEquals(404, t.admin.delete("/v1/workers/shop/secrets/STRIPE_KEY").status());
  }

  @Test
  void badSecretsAreRefused() {
    assertEquals(400, t.admin.putJson("/v1/workers/shop/secrets/not-an-identifier", Map.of("value", "x")).status());
    assertEquals(400, t.admin.putJson("/v1/workers/shop/secrets/K", Map.of()).status());
    assertEquals(413, t.admin.putJson("/v1/workers/shop/secrets/K", Map.of("value", "x".repeat(6000))).status());
    assertEquals(404, t.admin.putJson("/v1/workers/ghost/secrets/K", Map.of("value", "x")).status());
  }

  @Test
  void deletingAWorkerWithdrawsItsManifestAndRevisionsKeepGrowing() throws Exception {
    TestPlane.deploy(t.admin, "shop", v1);
    long revision = manifest("default/shop").revision();
    assertEquals(204, t.admin.delete("/v1/workers/shop").status());
    assertNull(manifest("default/shop"));
    assertEquals(404, t.admin.get("/v1/workers/shop").status());
    assertEquals(404, t.admin.get("/v1/workers/shop/versions").status());
    String again = TestPlane.upload(t.admin, "shop", bundle1);
    TestPlane.deploy(t.admin, "shop", again);
    assertTrue(manifest("default/shop").revision() > revision, "a recreated worker never reuses a revision");
  }
}
