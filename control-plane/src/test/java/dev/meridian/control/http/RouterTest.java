package dev.meridian.control.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.control.auth.AuthenticationException;
import dev.meridian.control.auth.Principal;
import dev.meridian.control.auth.Scope;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouterTest {

  /** "Bearer reader" reads, "Bearer writer" writes, anything else is refused. */
  private static Principal authenticate(String header) {
    return switch (header == null ? "" : header) {
      case "Bearer reader" -> new Principal("t", "tok_r", Set.of(Scope.WORKERS_READ), null);
      case "Bearer writer" -> new Principal("t", "tok_w", Set.of(Scope.WORKERS_WRITE), null);
      default -> throw new AuthenticationException("no");
    };
  }

  private final Router router = new Router(List.of(
      Route.open(HttpMethod.GET, "/open", r -> ApiResponse.ok(Map.of("open", true))),
      Route.auth(HttpMethod.GET, "/things/{name}/parts/{part}", Scope.WORKERS_READ,
          r -> ApiResponse.ok(Map.of("name", r.param("name"), "part", r.param("part"), "tenant", r.tenant()))),
      Route.auth(HttpMethod.POST, "/things", Scope.WORKERS_WRITE, r -> ApiResponse.created(Map.of()))
          .consuming(ApiResponse.JSON),
      Route.auth(HttpMethod.GET, "/boom", null, r -> {
        throw new IllegalStateException("bug");
      })), RouterTest::authenticate);

  private ApiResponse.Body send(HttpMethod method, String path, String token, String contentType) {
    HttpHeaders headers = new DefaultHttpHeaders();
    if (token != null) {
      headers.set("Authorization", "Bearer " + token);
    }
    if (contentType != null) {
      headers.set("Content-Type", contentType);
    }
    return (ApiResponse.Body) router.dispatch(new ApiRequest(method, path, Map.of(), Map.of(), headers,
        "{}".getBytes(StandardCharsets.UTF_8), null));
  }

  private static JsonNode json(ApiResponse.Body b) throws IOException {
    return Json.MAPPER.readTree(b.bytes());
  }

  @Test
  void templatesCaptureDecodedSegments() throws IOException {
    ApiResponse.Body b = send(HttpMethod.GET, "/things/a%2Fb/parts/x+y%20z", "reader", null);
    assertEquals(200, b.status());
    assertEquals("a/b", json(b).get("name").asText());
    assertEquals("x+y z", json(b).get("part").asText(), "'+' in a path is a plus");
    assertEquals("t", json(b).get("tenant").asText());
    assertEquals(404, send(HttpMethod.GET, "/things//parts/x", "reader", null).status(), "empty segments never match");
    assertEquals(404, send(HttpMethod.GET, "/things/a/parts/x/extra", "reader", null).status());
  }

  @Test
  void checksRunInOrderPathMethodTokenScopeBody() throws IOException {
    assertEquals(404, send(HttpMethod.GET, "/nothing", null, null).status());
    ApiResponse.Body wrongMethod = send(HttpMethod.DELETE, "/things", "writer", null);
    assertEquals(405, wrongMethod.status());
    assertTrue(json(wrongMethod).get("error").get("message").asText().contains("POST"));
    assertEquals(401, send(HttpMethod.POST, "/things", null, "text/plain").status());
    assertEquals(403, send(HttpMethod.POST, "/things", "reader", "text/plain").status());
    assertEquals(415, send(HttpMethod.POST, "/things", "writer", "text/plain").status());
    assertEquals(201, send(HttpMethod.POST, "/things", "writer", "Application/JSON; charset=utf-8").status());
    assertEquals(200, send(HttpMethod.GET, "/open", null, null).status());
  }

  @Test
  void aFailingHandlerIsA500ThatHidesTheCause() throws IOException {
    ApiResponse.Body b = send(HttpMethod.GET, "/boom", "reader", null);
    assertEquals(500, b.status());
    assertEquals("internal", json(b).get("error").get("code").asText());
    assertTrue(!json(b).toString().contains("bug"));
  }

  @Test
  void twoRoutesForOneOperationAreRefused() {
    Route r = Route.open(HttpMethod.GET, "/x", q -> ApiResponse.noContent());
    assertThrows(IllegalArgumentException.class, () -> new Router(List.of(r, r), RouterTest::authenticate));
  }
}
