package dev.meridian.pop.api.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.pop.http.HttpLimits;
import dev.meridian.pop.isolate.WorkerDefinition;
import dev.meridian.pop.isolate.WorkerRuntime;
import dev.meridian.pop.server.DevServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code meridian dev}'s own KV store: in {@code .meridian/kv} beside the project, kept across restarts. */
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

  @Test
  void devKeepsValuesInDotMeridianAcrossRestarts() throws Exception {
    Files.writeString(project.resolve("meridian.toml"), """
        name = "counter"
        main = "index.js"
        [[kv_namespaces]]
        binding = "COUNTS"
        id = "counts"
        """);
    Files.writeString(project.resolve("index.js"), """
        export default {
          async fetch(request, env) {
            const n = Number(await env.COUNTS.get("hits") ?? 0) + 1;
            await env.COUNTS.put("hits", String(n));
            return new Response(String(n));
          },
        };
        """);
    try (DevServer server = start()) {
      assertEquals("1", get(server, "/"));
      assertEquals("2", get(server, "/"));
    }
    assertTrue(Files.isDirectory(project.resolve(".meridian/kv").resolve(WorkerDefinition.LOCAL_TENANT).resolve("counts")));
    try (DevServer server = start()) {
      assertEquals("3", get(server, "/"));
    }
  }
}
