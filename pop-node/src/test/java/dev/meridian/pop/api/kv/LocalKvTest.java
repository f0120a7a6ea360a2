package dev.meridian.pop.api.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.pop.http.HttpLimits;
import dev.meridian.pop.isolate.WorkerDefinition;
import dev.meridian.pop.isolate.WorkerRuntime;
import dev.meridian.pop.server.DevServer;
import dev.meridian.pop.server.LocalPop;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The KV store of {@code meridian dev} and {@code meridian pop}: one node, in {@code .meridian/kv}
 * beside the project (or the deployments), kept across restarts.
 */
class LocalKvTest {

  @TempDir Path project;
  private final HttpClient client = HttpClient.newHttpClient();

  private DevServer start() throws Exception {
    return DevServer.start(new DevServer.Options(project, "127.0.0.1", 0, -1, project.resolve(".certs"), false,
        HttpLimits.DEFAULTS, WorkerRuntime.Config.defaults().withThreads(1)),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
  }

  private String get(DevServer server, String path) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  /** A worker that counts its requests in KV and answers the count. */
  private static void counter(Path dir) throws Exception {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("meridian.toml"), """
        name = "counter"
        main = "index.js"
        [[kv_namespaces]]
        binding = "COUNTS"
        id = "counts"
        """);
    Files.writeString(dir.resolve("index.js"), """
        export default {
          async fetch(request, env) {
            const n = Number(await env.COUNTS.get("hits") ?? 0) + 1;
            await env.COUNTS.put("hits", String(n));
            return new Response(String(n));
          },
        };
        """);
  }

  @Test
  void devKeepsValuesInDotMeridianAcrossRestarts() throws Exception {
    counter(project);
    try (DevServer server = start()) {
      assertEquals("1", get(server, "/"));
      assertEquals("2", get(server, "/"));
    }
    assertTrue(Files.isDirectory(project.resolve(".meridian/kv").resolve(WorkerDefinition.LOCAL_TENANT).resolve("counts")));
    try (DevServer server = start()) {
      assertEquals("3", get(server, "/"));
    }
  }

  @Test
  void aLocalPopKeepsValuesBesideItsDeployments() throws Exception {
    counter(project.resolve("counter"));
    try (LocalPop pop = LocalPop.start(project, LocalPop.http("127.0.0.1", 0),
        WorkerRuntime.Config.defaults().withThreads(1))) {
      assertTrue(getAsHost(pop.port(), "counter.localhost").endsWith("\r\n\r\n1"));
      assertTrue(getAsHost(pop.port(), "counter.localhost").endsWith("\r\n\r\n2"));
    }
    assertTrue(Files.isDirectory(project.resolve(".meridian/kv").resolve(WorkerDefinition.LOCAL_TENANT).resolve("counts")));
  }

  /** A GET of / with {@code host} as the Host header (the JDK client will not set it), the whole answer as text. */
  private static String getAsHost(int port, String host) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.getOutputStream().write(("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
