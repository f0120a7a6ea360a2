package dev.meridian.pop.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.pop.http.HttpLimits;
import dev.meridian.pop.isolate.WorkerRuntime;
import dev.meridian.pop.server.DevServer;
import dev.meridian.pop.server.WorkerConfig;
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

/** {@code meridian dev} serving a WASI command module: with no config, with meridian.toml, and failing to load. */
class WasmDevServerTest {

  @TempDir Path dir;

  private final ByteArrayOutputStream output = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
  private final HttpClient client = HttpClient.newHttpClient();

  private DevServer start(Path project) throws Exception {
    return DevServer.start(new DevServer.Options(project, "127.0.0.1", 0, -1, dir.resolve(".certs"), false,
        HttpLimits.DEFAULTS, WorkerRuntime.Config.defaults().withThreads(1)), out);
  }

  private HttpResponse<String> get(DevServer server, String path) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private void hello(String name) throws Exception {
    Files.write(dir.resolve(name), new Guests(Files.createDirectories(dir.resolve(".build"))).c("hello"));
    Files.createDirectories(dir.resolve("data"));
    Files.writeString(dir.resolve("data/greeting.txt"), "from the bundle\n");
  }

  @Test
  void servesAWasmFileWithNoConfig() throws Exception {
    hello("app.wasm");
    try (DevServer server = start(dir.resolve("app.wasm"))) {
      HttpResponse<String> response = get(server, "/path?q=1");
      assertEquals(200, response.statusCode(), response.body());
      assertTrue(response.body().startsWith("hello, world\nmethod=GET path=/path query=q=1 server=127.0.0.1 port="
          + server.port() + " header=(unset) var=(unset)\nfile=from the bundle\n"), response.body());
      assertEquals(404, get(server, "/missing").statusCode());
      assertTrue(output.toString(StandardCharsets.UTF_8).contains("meridian dev: loaded app (version "),
          output.toString(StandardCharsets.UTF_8));
      assertTrue(output.toString(StandardCharsets.UTF_8).contains(", WebAssembly, wagi, compiled)"),
          output.toString(StandardCharsets.UTF_8));
    }
  }

  @Test
  void servesTheWasmMainOfMeridianToml() throws Exception {
    hello("hello.wasm");
    Files.writeString(dir.resolve("meridian.toml"), """
        name = "greeter"
        main = "hello.wasm"
        [wasm]
        interface = "wagi"
        [vars]
        GREETING = "hi"
        [limits]
        cpu_ms = 200
        """);
    try (DevServer server = start(dir)) {
      HttpResponse<String> response = get(server, "/");
      assertEquals(200, response.statusCode(), response.body());
      assertTrue(response.body().contains(" var=hi\n"), response.body());
    }
  }

  @Test
  void servesANativeModuleToldByItsExportsStreamingOverHttp() throws Exception {
    Files.write(dir.resolve("stream.wasm"), new Guests(Files.createDirectories(dir.resolve(".build"))).nativeC("stream"));
    try (DevServer server = start(dir.resolve("stream.wasm"))) {
      assertTrue(output.toString(StandardCharsets.UTF_8).contains(", WebAssembly, native, compiled)"),
          output.toString(StandardCharsets.UTF_8));
      String body = "streamed through netty ".repeat(4_000);
      // HTTP/1.1: an h2c upgrade request carries its body whole, which the front caps (a 413).
      HttpResponse<String> response = client.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + server.port() + "/echo")).version(HttpClient.Version.HTTP_1_1)
          .header("content-type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(201, response.statusCode(), response.body());
      assertEquals("POST http://127.0.0.1:" + server.port() + "/echo type=text/plain\n"
          + body.toUpperCase(java.util.Locale.ROOT), response.body());
    }
  }

  @Test
  void aModuleThatFailsToLoadIsReportedAndAnswered() throws Exception {
    Files.write(dir.resolve("app.wasm"),
        new Guests(Files.createDirectories(dir.resolve(".build"))).wat("missing-import"));
    try (DevServer server = start(dir.resolve("app.wasm"))) {
      String expected = "app.wasm imports the host function 'env.meridian_does_not_exist', which does not exist";
      assertTrue(output.toString(StandardCharsets.UTF_8).contains("meridian dev: ✘ " + expected),
          output.toString(StandardCharsets.UTF_8));
      HttpResponse<String> response = get(server, "/");
      assertEquals(500, response.statusCode());
      assertTrue(response.body().startsWith("the worker failed to load: " + expected), response.body());
      assertNull(server.version());
    }
  }

  @Test
  void wasmConfigIsChecked() throws Exception {
    assertEquals(WorkerConfig.WasmSettings.DEFAULTS,
        WorkerConfig.parse("name = \"a\"\nmain = \"a.wasm\"\n", "meridian.toml").wasm());
    assertNull(WorkerConfig.parse("name = \"a\"\nmain = \"a.js\"\n", "meridian.toml").wasm());
    assertEquals("meridian.toml: unknown wasm.interface 'cgi' (known: native, wagi)", assertThrows(
        WorkerConfig.ConfigException.class,
        () -> WorkerConfig.parse("name = \"a\"\nmain = \"a.wasm\"\n[wasm]\ninterface = \"cgi\"\n", "meridian.toml"))
        .getMessage());
    assertEquals("native", WorkerConfig.parse("name = \"a\"\nmain = \"a.wasm\"\n[wasm]\ninterface = \"native\"\n",
        "meridian.toml").wasm().interfaceName());
    assertEquals("meridian.toml: unknown key 'wasm.entry' (known keys: interface)", assertThrows(
        WorkerConfig.ConfigException.class,
        () -> WorkerConfig.parse("name = \"a\"\nmain = \"a.wasm\"\n[wasm]\nentry = \"x\"\n", "meridian.toml"))
        .getMessage());
    assertEquals("meridian.toml: [wasm] applies only to a .wasm main module, and main is 'a.js'", assertThrows(
        WorkerConfig.ConfigException.class,
        () -> WorkerConfig.parse("name = \"a\"\nmain = \"a.js\"\n[wasm]\ninterface = \"wagi\"\n", "meridian.toml"))
        .getMessage());
    assertTrue(assertThrows(WorkerConfig.ConfigException.class,
        () -> WorkerConfig.parse("name = \"a\"\nmain = \"a.wasm\"\n[[kv_namespaces]]\nbinding = \"KV\"\nid = \"k\"\n",
            "meridian.toml")).getMessage().contains("a Wasm worker (a.wasm) has no bindings yet"));
  }
}
