package dev.meridian.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.control.auth.TokenService;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tokens minted with {@code expires_in}, over HTTP. The control plane runs on a fixed clock and is
 * restarted on the same data directory at a later instant: that is how time passes, with no sleep.
 */
class TokenExpiryTest {

  private static final Instant START = Instant.parse("2026-06-01T08:00:00Z");

  @TempDir
  Path dir;
  TestPlane t;

  private void startAt(Instant now) throws Exception {
    if (t != null) {
      t.close();
    }
    t = TestPlane.start(dir, c -> c.withClock(Clock.fixed(now, ZoneOffset.UTC)));
  }

  @AfterEach
  void stop() {
    t.close();
  }

  private JsonNode mint(String name, String scope, Long expiresIn) {
    Map<String, Object> body = new HashMap<>(Map.of("name", name, "scopes", List.of(scope)));
    if (expiresIn != null) {
      body.put("expires_in", expiresIn);
    }
    Api.Response r = t.admin.postJson("/v1/tokens", body);
    assertEquals(201, r.status(), r::toString);
    return r.json();
  }

  @Test
  void anExpiredTokenIs401SayingWhenWhileTokensWithoutExpiryKeepWorking() throws Exception {
    startAt(START);
    JsonNode ci = mint("ci", "workers:read", 3600L);
    JsonNode node = mint("ams-1", "node", null);
    assertEquals("2026-06-01T09:00:00Z", ci.get("expires_at").asText());
    assertTrue(node.has("expires_at") && node.get("expires_at").isNull(), node::toString);

    Map<String, JsonNode> listed = new HashMap<>();
    t.admin.get("/v1/tokens").json().get("tokens").forEach(tok -> listed.put(tok.get("id").asText(), tok));
    assertEquals("2026-06-01T09:00:00Z", listed.get(ci.get("id").asText()).get("expires_at").asText());
    assertTrue(listed.get(node.get("id").asText()).get("expires_at").isNull(), listed::toString);

    startAt(START.plusSeconds(3599));
    assertEquals(200, t.api(ci.get("token").asText()).get("/v1/workers").status(), "one second left");

    startAt(START.plusSeconds(3600));
    Api.Response refused = t.api(ci.get("token").asText()).get("/v1/workers");
    assertEquals(401, refused.status(), refused::toString);
    assertEquals("unauthorized", refused.errorCode());
    assertTrue(refused.errorMessage().contains("expired at 2026-06-01T09:00:00Z"), refused::toString);
    assertFalse(refused.errorMessage().contains("revoked"), refused::toString);

    startAt(START.plus(Duration.ofDays(3650)));
    assertEquals(200, t.admin.get("/v1/whoami").status(), "the bootstrap token never expires");
    Api.Response bundle = t.api(node.get("token").asText()).get("/internal/bundles/" + "0".repeat(64));
    assertEquals(404, bundle.status(), "a node token without expiry is still let in: " + bundle);
  }

  @Test
  void anExpiringTokenMintsOnlyTokensThatExpireNoLaterThanItself() throws Exception {
    startAt(START);
    Api tempAdmin = t.api(mint("temp-admin", "admin", 3600L).get("token").asText());
    for (Map<String, Object> lasting : List.<Map<String, Object>>of(
        Map.of("name", "forever", "scopes", List.of("tail")),
        Map.of("name", "longer", "scopes", List.of("tail"), "expires_in", 3601))) {
      Api.Response r = tempAdmin.postJson("/v1/tokens", lasting);
      assertEquals(403, r.status(), r::toString);
      assertTrue(r.errorMessage().contains("expires at 2026-06-01T09:00:00Z")
          && r.errorMessage().contains("at most 3600 seconds"), r::toString);
    }
    Api.Response within = tempAdmin.postJson("/v1/tokens",
        Map.of("name", "within", "scopes", List.of("tail"), "expires_in", 3600));
    assertEquals(201, within.status(), within::toString);
    assertEquals("2026-06-01T09:00:00Z", within.json().get("expires_at").asText());
  }

  @Test
  void aLifetimeOutsideOneSecondToTheMaximumIs400() throws Exception {
    startAt(START);
    long max = TokenService.MAX_LIFETIME.toSeconds();
    for (Object bad : List.of(0, -60, max + 1, "30d")) {
      Api.Response r = t.admin.postJson("/v1/tokens", Map.of("name", "ci", "scopes", List.of("tail"), "expires_in", bad));
      assertEquals(400, r.status(), r::toString);
      assertTrue(r.errorMessage().contains("expires_in"), r::toString);
    }
    assertEquals("2027-06-01T08:00:00Z", mint("ci", "tail", max).get("expires_at").asText());
  }

  @Test
  void theDocumentedMaximumIsTheEnforcedOne() throws Exception {
    startAt(START);
    JsonNode field = t.admin.get("/openapi.json").json()
        .at("/paths/~1v1~1tokens/post/requestBody/content/application~1json/schema/properties/expires_in");
    assertEquals(TokenService.MAX_LIFETIME.toSeconds(), field.get("maximum").asLong(), field::toString);
  }
}
