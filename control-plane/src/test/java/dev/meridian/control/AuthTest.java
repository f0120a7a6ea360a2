package dev.meridian.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.control.auth.TokenService;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthTest {

  @TempDir
  Path dir;
  TestPlane t;

  @BeforeEach
  void start() throws Exception {
    t = TestPlane.start(dir);
  }

  @AfterEach
  void stop() {
    t.close();
  }

  @Test
  void noTokenIs401WithJsonError() {
    Api.Response r = t.admin.as(null).get("/v1/workers");
    assertEquals(401, r.status());
    assertEquals("unauthorized", r.errorCode());
    assertTrue(r.errorMessage().contains("Authorization: Bearer"), r::toString);
  }

  @Test
  void malformedAndUnknownTokensAre401() {
    assertEquals(401, t.admin.as("nonsense").get("/v1/whoami").status());
    assertEquals(401, t.admin.as("mrd_" + "A".repeat(43)).get("/v1/whoami").status());
    Api.Response basic = t.admin.as(null).send("GET", "/v1/whoami", null, null);
    assertEquals(401, basic.status());
  }

  @Test
  void adminTokenBelongsToDefaultWithEveryScope() {
    Api.Response r = t.admin.get("/v1/whoami");
    assertEquals(200, r.status(), r::toString);
    assertEquals("default", r.json().get("tenant").asText());
    List<String> scopes = new ArrayList<>();
    r.json().get("scopes").forEach(s -> scopes.add(s.asText()));
    assertEquals(Set.of(TestPlane.ALL_SCOPES), Set.copyOf(scopes));
  }

  @Test
  void adminTokenFileIs0600AndReusedOnRestart() throws Exception {
    Path file = t.dataDir().resolve("admin-token");
    assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
        Files.getPosixFilePermissions(file));
    String first = t.plane.adminToken();
    assertEquals(first, Files.readString(file).trim());
    t.close();
    t = TestPlane.start(dir);
    assertEquals(first, t.plane.adminToken());
    assertEquals(200, t.admin.get("/v1/whoami").status());
  }

  @Test
  void tokenWithoutTheScopeIs403() {
    Api reader = t.tenant("acme", "workers:read");
    assertEquals(200, reader.get("/v1/workers").status());
    Api.Response r = reader.send("POST", "/v1/workers/w/versions", "application/zip", new byte[] {1});
    assertEquals(403, r.status());
    assertEquals("forbidden", r.errorCode());
    assertTrue(r.errorMessage().contains("workers:write"), r::toString);
    assertEquals(403, reader.get("/v1/kv/namespaces").status());
    assertEquals(403, reader.get("/v1/tokens").status());
  }

  @Test
  void revocationTakesEffectOnTheNextRequest() {
    Api.Response minted = t.admin.postJson("/v1/tokens", Map.of("name", "ci", "scopes", List.of("workers:read")));
    assertEquals(201, minted.status(), minted::toString);
    Api ci = t.api(minted.json().get("token").asText());
    assertEquals(200, ci.get("/v1/workers").status());
    assertEquals(204, t.admin.delete("/v1/tokens/" + minted.json().get("id").asText()).status());
    Api.Response after = ci.get("/v1/workers");
    assertEquals(401, after.status());
    assertTrue(after.errorMessage().contains("revoked"), after::toString);
    Api.Response listed = t.admin.get("/v1/tokens");
    boolean revokedListed = false;
    for (var tok : listed.json().get("tokens")) {
      assertFalse(tok.has("token"), "a listing never shows a token");
      if (tok.get("id").asText().equals(minted.json().get("id").asText())) {
        revokedListed = tok.has("revoked_at");
      }
    }
    assertTrue(revokedListed, listed::toString);
  }

  @Test
  void tokensAreStoredOnlyAsTheirHash() throws Exception {
    Api.Response minted = t.admin.postJson("/v1/tokens", Map.of("name", "ci", "scopes", List.of("tail")));
    String token = minted.json().get("token").asText();
    assertTrue(token.startsWith("mrd_") && token.length() == 47, token);
    List<String> cells = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + t.dataDir().resolve("control.db"));
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM tokens")) {
      ResultSetMetaData md = rs.getMetaData();
      while (rs.next()) {
        for (int i = 1; i <= md.getColumnCount(); i++) {
          cells.add(String.valueOf(rs.getString(i)));
        }
      }
    }
    assertTrue(cells.contains(TokenService.hash(token)), "the hash is stored");
    for (String secret : List.of(token, t.plane.adminToken())) {
      for (String cell : cells) {
        assertFalse(cell.contains(secret.substring(4)), "a token is stored in clear: " + cell);
      }
    }
    for (String file : List.of("control.db", "control.db-wal")) {
      Path p = t.dataDir().resolve(file);
      if (Files.exists(p)) {
        assertFalse(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1).contains(token.substring(4)), file);
      }
    }
  }

  @Test
  void aTokenCannotGrantScopesItLacks() {
    Api acme = t.tenant("acme", "admin");
    Api.Response ok = acme.postJson("/v1/tokens", Map.of("name", "deploy", "scopes", List.of("workers:write")));
    assertEquals(201, ok.status(), ok::toString);
    assertEquals("acme", ok.json().get("tenant").asText());
    Api limited = t.api(t.token("acme", "workers:read"));
    assertEquals(403, limited.postJson("/v1/tokens", Map.of("name", "x", "scopes", List.of("workers:read"))).status());
    Api.Response unknown = acme.postJson("/v1/tokens", Map.of("name", "x", "scopes", List.of("root")));
    assertEquals(400, unknown.status());
    assertTrue(unknown.errorMessage().contains("unknown scope \"root\""), unknown::toString);
  }

  @Test
  void onlyTheOperatorManagesTenantsAndMintsForOthers() {
    Api acme = t.tenant("acme", "admin");
    assertEquals(403, acme.postJson("/v1/tenants", Map.of("name", "evil")).status());
    assertEquals(403, acme.get("/v1/tenants").status());
    Api.Response other = acme.postJson("/v1/tokens", Map.of("name", "x", "scopes", List.of("tail"), "tenant", "default"));
    assertEquals(403, other.status(), other::toString);
    assertEquals(409, t.admin.postJson("/v1/tenants", Map.of("name", "acme")).status());
    assertEquals(400, t.admin.postJson("/v1/tenants", Map.of("name", "Not Valid")).status());
    assertEquals(404, t.admin.postJson("/v1/tokens",
        Map.of("name", "x", "scopes", List.of("tail"), "tenant", "nobody")).status());
    Api.Response list = t.admin.get("/v1/tenants");
    assertEquals(200, list.status());
    List<String> names = new ArrayList<>();
    list.json().get("tenants").forEach(n -> names.add(n.get("name").asText()));
    assertEquals(List.of("acme", "default"), names);
  }

  @Test
  void mintedTokensAreDistinct() {
    String a = t.token("default", "tail");
    String b = t.token("default", "tail");
    assertNotEquals(a, b);
  }
}
