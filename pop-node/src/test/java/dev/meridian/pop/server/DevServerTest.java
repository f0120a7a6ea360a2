package dev.meridian.pop.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.pop.http.Http3TestClient;
import dev.meridian.pop.http.HttpFront;
import dev.meridian.pop.http.HttpLimits;
import dev.meridian.pop.isolate.WorkerRuntime;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code meridian dev}: serving a project, reloading on change, reporting errors, shutting down gracefully. */
class DevServerTest {

  @TempDir
  Path dir;

  private final ByteArrayOutputStream output = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
  private final HttpClient client = HttpClient.newHttpClient();

  private DevServer start(boolean watch) throws Exception {
    return DevServer.start(new DevServer.Options(dir, "127.0.0.1", 0, -1, dir.resolve(".certs"), watch,
        HttpLimits.DEFAULTS, WorkerRuntime.Config.defaults().withThreads(1)), out);
  }

  private String get(DevServer server, String path) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  private void project(String main) throws Exception {
    Files.writeString(dir.resolve("meridian.toml"), "name = \"app\"\nmain = \"src/main.js\"\n[vars]\nWHO = \"dev\"\n");
    Files.createDirectories(dir.resolve("src"));
    Files.writeString(dir.resolve("src/main.js"), main);
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    for (int i = 0; i < 1000 && !condition.getAsBoolean(); i++) {
      Thread.sleep(10);
    }
    assertTrue(condition.getAsBoolean(), what);
  }

  @Test
  void servesHttp3WithTheDevelopmentCertificateWhenAsked() throws Exception {
    project("export default { fetch(r) { return new Response('over ' + new URL(r.url).protocol); } };");
    try (DevServer server = DevServer.start(new DevServer.Options(dir, "127.0.0.1", 0, 0, HttpFront.HTTP3_ON_TLS_PORT,
        dir.resolve(".certs"), false, HttpLimits.DEFAULTS, WorkerRuntime.Config.defaults().withThreads(1)), out)) {
      assertEquals(server.tlsPort(), server.http3Port());
      try (Http3TestClient client = Http3TestClient.trustingAnything("localhost", server.http3Port())) {
        assertTrue(client.peerCertificate().getSubjectX500Principal().getName().contains("CN=localhost"));
        assertEquals("over https:", client.request("GET", "/", new byte[0]).body());
      }
    }
  }

  @Test
  void reloadsOnChangeAndReportsErrorsWithFileLineAndColumn() throws Exception {
    project("export default { fetch(r, env) { return new Response('one ' + env.WHO); } };");
    try (DevServer server = start(true)) {
      assertEquals("one dev", get(server, "/"));
      String first = server.version();

      Files.writeString(dir.resolve("src/main.js"), "export default {\n  fetch( { return 1; }\n};\n");
      await(() -> output.toString(StandardCharsets.UTF_8).contains("src/main.js:2:"), "the syntax error is reported");
      assertTrue(output.toString(StandardCharsets.UTF_8).contains("SyntaxError"), output.toString(StandardCharsets.UTF_8));
      assertEquals("one dev", get(server, "/"), "the last version that loaded keeps serving");

      Files.writeString(dir.resolve("src/main.js"), "export default { fetch() { return new Response('two'); } };");
      await(() -> !first.equals(server.version()), "the fixed version is loaded");
      assertEquals("two", get(server, "/"));
      assertNotEquals(first, server.version());
    }
  }

  @Test
  void aProjectThatDoesNotLoadAnswersWithTheError() throws Exception {
    project("export default { fetch() { return new Response('x') }");
    try (DevServer server = start(false)) {
      String body = get(server, "/");
      assertTrue(body.contains("src/main.js:1:") && body.contains("SyntaxError"), body);
    }
  }

  @Test
  void closeFinishesRequestsInFlight() throws Exception {
    project("""
        export default {
          async fetch() {
            await new Promise((resolve) => setTimeout(resolve, 300));
            return new Response("finished");
          },
        };
        """);
    DevServer server = start(false);
    CompletableFuture<HttpResponse<String>> slow = client.sendAsync(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/")).build(),
        HttpResponse.BodyHandlers.ofString());
    await(() -> server.inFlight() == 1, "the request reaches the worker before shutdown starts");
    server.close();
    HttpResponse<String> response = slow.get();
    assertEquals(200, response.statusCode());
    assertEquals("finished", response.body());
  }
}
