package dev.meridian.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Malformed requests get a clear JSON error, and the server goes on serving. */
class BadInputTest {

  @TempDir
  Path dir;
  TestPlane t;

  @BeforeEach
  void start() throws Exception {
    t = TestPlane.start(dir);
  }

  @AfterEach
  void stop() {
    assertEquals(200, t.admin.get("/v1/whoami").status(), "the server still serves");
    t.close();
  }

  @Test
  void malformedJsonIs400SayingWhere() {
    Api.Response r = t.admin.postJson("/v1/kv/namespaces", "{\"name\": ");
    assertEquals(400, r.status());
    assertEquals("bad_request", r.errorCode());
    assertTrue(r.errorMessage().startsWith("malformed JSON body"), r::toString);
    assertTrue(r.errorMessage().contains("line 1"), r::toString);
  }

  @Test
  void wrongShapesAre400() {
    Api.Response unknown = t.admin.postJson("/v1/kv/namespaces", Map.of("name", "x", "colour", "red"));
    assertEquals(400, unknown.status());
    assertEquals("unknown field \"colour\"; the fields are: name", unknown.errorMessage());
    Api.Response array = t.admin.postJson("/v1/kv/namespaces", "[1, 2]");
    assertEquals(400, array.status());
    assertEquals("the body must be an object", array.errorMessage());
    Api.Response scopes = t.admin.postJson("/v1/tokens", "{\"name\": \"x\", \"scopes\": {\"a\": 1}}");
    assertEquals("\"scopes\" must be an array", scopes.errorMessage());
    Api.Response percent = t.admin.putJson("/v1/workers/w/deployment", "{}");
    assertEquals(404, percent.status(), "the worker is looked up first");
    assertEquals(400, t.admin.postJson("/v1/kv/namespaces", "null").status());
    assertEquals(400, t.admin.postJson("/v1/kv/namespaces", "").status());
    Api.Response missing = t.admin.postJson("/v1/kv/namespaces", Map.of());
    assertEquals(400, missing.status());
    assertTrue(missing.errorMessage().contains("\"name\" is required"), missing::toString);
    assertEquals(400, t.admin.postJson("/v1/tokens", "{\"name\": \"x\", \"scopes\": \"admin\"}").status());
    Api.Response nested = t.admin.postJson("/v1/tokens", "{\"name\": \"x\", \"scopes\": [[1]]}");
    assertEquals(400, nested.status());
    assertTrue(nested.errorMessage().startsWith("\"scopes[0]\" must be"), nested::toString);
  }

  @Test
  void wrongContentTypeIs415() {
    Api.Response r = t.admin.send("POST", "/v1/kv/namespaces", "text/plain",
        "{\"name\": \"x\"}".getBytes(StandardCharsets.UTF_8));
    assertEquals(415, r.status());
    assertEquals("unsupported_media_type", r.errorCode());
    assertEquals(415, t.admin.send("POST", "/v1/tokens", null, "{}".getBytes(StandardCharsets.UTF_8)).status());
    assertEquals(201, t.admin.send("POST", "/v1/kv/namespaces", "application/json; charset=utf-8",
        "{\"name\": \"x\"}".getBytes(StandardCharsets.UTF_8)).status(), "parameters are allowed");
  }

  @Test
  void unknownRoutesAndMethodsAreClear() {
    Api.Response r = t.admin.get("/v1/nothing/here");
    assertEquals(404, r.status());
    assertTrue(r.errorMessage().contains("/openapi.json"), r::toString);
    Api.Response m = t.admin.send("PATCH", "/v1/workers", null, null);
    assertEquals(405, m.status());
    assertTrue(m.errorMessage().contains("GET"), m::toString);
  }

  @Test
  void badPercentEncodingIs400() throws IOException {
    String response = raw("GET /v1/workers/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer "
        + t.plane.adminToken() + "\r\n\r\n");
    assertTrue(response.startsWith("HTTP/1.1 400"), response);
    assertTrue(response.contains("percent-encoding"), response);
  }

  @Test
  void hugeHeadersAre431AndTheConnectionCloses() throws IOException {
    String response = raw("GET /v1/whoami HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(64 * 1024) + "\r\n\r\n");
    assertTrue(response.startsWith("HTTP/1.1 431"), response);
    assertTrue(response.contains("\"headers_too_large\""), response);
  }

  @Test
  void aHugeRequestLineIs414() throws IOException {
    String response = raw("GET /" + "a".repeat(32 * 1024) + " HTTP/1.1\r\nHost: x\r\n\r\n");
    assertTrue(response.startsWith("HTTP/1.1 414"), response);
  }

  @Test
  void garbageIs400() throws IOException {
    String response = raw("\u0001\u0002 not http at all\r\n\r\n");
    assertTrue(response.startsWith("HTTP/1.1 400"), response);
  }

  @Test
  void aBodyAnnouncedPastTheLimitIs413AtOnce() throws IOException {
    String response = raw("POST /v1/workers/w/versions HTTP/1.1\r\nHost: x\r\nContent-Type: application/zip\r\n"
        + "Connection: close\r\nContent-Length: 1000000000\r\n\r\nPK");
    assertTrue(response.startsWith("HTTP/1.1 413"), response);
    assertTrue(response.contains("\"payload_too_large\""), response);
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrder() throws IOException {
    String auth = "Authorization: Bearer " + t.plane.adminToken() + "\r\n";
    String response = raw("GET /v1/whoami HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n"
        + "GET /v1/nothing HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n"
        + "GET /v1/tokens HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + auth + "\r\n");
    int first = response.indexOf("HTTP/1.1 200");
    int second = response.indexOf("HTTP/1.1 404");
    int third = response.indexOf("HTTP/1.1 200", second);
    assertTrue(first == 0 && second > first && third > second, response);
    assertTrue(response.indexOf("\"tenant\"") < second && response.indexOf("\"tokens\"") > third, response);
  }

  /** Sends {@code request} on a fresh connection; returns everything read until the server closes. */
  private String raw(String request) throws IOException {
    try (Socket s = new Socket("127.0.0.1", t.plane.port())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }
}
