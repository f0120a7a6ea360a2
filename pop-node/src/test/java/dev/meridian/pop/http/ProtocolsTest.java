package dev.meridian.pop.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.pop.server.TestNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same worker over HTTP/1.1, h2c with prior knowledge, h2c by upgrade, and h2 and HTTP/1.1 over TLS. */
class ProtocolsTest {

  @TempDir
  static Path certificates;

  static TestNode node;

  @BeforeAll
  static void start() throws Exception {
    node = TestNode.withTls(certificates);
    node.deploy("proto", """
        export default {
          fetch(request) {
            const url = new URL(request.url);
            return new Response(url.protocol + " " + request.method + " " + url.pathname);
          },
        };
        """);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void http11() throws Exception {
    HttpResponse<String> response = node.get("/proto/one");
    assertEquals(200, response.statusCode());
    assertEquals(HttpClient.Version.HTTP_1_1, response.version());
    assertEquals("http: GET /proto/one", response.body());
  }

  @Test
  void h2cWithPriorKnowledge() throws Exception {
    try (H2PriorKnowledgeClient client = new H2PriorKnowledgeClient(node.front.port())) {
      H2PriorKnowledgeClient.Response response = client.get("/proto/two");
      assertEquals(200, response.status());
      assertEquals("http: GET /proto/two", response.body());
      assertEquals("http: GET /proto/three", client.get("/proto/three").body(), "a second stream on the connection");
    }
  }

  @Test
  void h2cByUpgrade() throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
    client.send(HttpRequest.newBuilder(node.uri("/proto/upgrade")).build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> response =
        client.send(HttpRequest.newBuilder(node.uri("/proto/after")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(HttpClient.Version.HTTP_2, response.version());
    assertEquals("http: GET /proto/after", response.body());
  }

  @Test
  void anUpgradeOfferedWithALargeBodyIsServedAsHttp11() throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(node.uri("/proto/upload"))
        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[200 * 1024])).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode());
    assertEquals(HttpClient.Version.HTTP_1_1, response.version());
    assertEquals("http: POST /proto/upload", response.body());
  }

  @Test
  void h2OverTlsByAlpn() throws Exception {
    HttpResponse<String> response = tlsClient(HttpClient.Version.HTTP_2).send(
        HttpRequest.newBuilder(java.net.URI.create("https://127.0.0.1:" + node.front.tlsPort() + "/proto/tls")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(HttpClient.Version.HTTP_2, response.version());
    assertEquals("https: GET /proto/tls", response.body());
    assertTrue(response.headers().firstValue("alt-svc").isEmpty(), "no HTTP/3 on this node, so no Alt-Svc");
  }

  @Test
  void http11OverTls() throws Exception {
    HttpResponse<String> response = tlsClient(HttpClient.Version.HTTP_1_1).send(
        HttpRequest.newBuilder(java.net.URI.create("https://127.0.0.1:" + node.front.tlsPort() + "/proto/tls1"))
            .POST(HttpRequest.BodyPublishers.ofString("x")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(HttpClient.Version.HTTP_1_1, response.version());
    assertEquals("https: POST /proto/tls1", response.body());
  }

  /** A client that trusts the self-signed development certificate made for this test. */
  static HttpClient tlsClient(HttpClient.Version version) throws Exception {
    SSLContext context = TlsFrontTest.trustAll();
    // The development certificate names 127.0.0.1, so the client's own parameters (ALPN included) stay.
    return HttpClient.newBuilder().version(version).sslContext(context).build();
  }
}
