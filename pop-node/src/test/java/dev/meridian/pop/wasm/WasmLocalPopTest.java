package dev.meridian.pop.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.pop.isolate.WorkerRuntime;
import dev.meridian.pop.server.LocalPop;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code meridian pop} serves a WebAssembly worker and a JavaScript one side by side, each by its name. */
class WasmLocalPopTest {

  @TempDir Path dir;

  @Test
  void aPopServesWasmAndJavaScriptWorkersTogether() throws Exception {
    Path wasm = Files.createDirectories(dir.resolve("deployments/cgi"));
    Files.writeString(wasm.resolve("meridian.toml"), "name = \"cgi\"\nmain = \"app.wasm\"\n[wasm]\ninterface = \"wagi\"\n");
    Files.write(wasm.resolve("app.wasm"), new Guests(Files.createDirectories(dir.resolve("build"))).c("hello"));
    Path js = Files.createDirectories(dir.resolve("deployments/js"));
    Files.writeString(js.resolve("meridian.toml"), "name = \"js\"\nmain = \"index.js\"\n");
    Files.writeString(js.resolve("index.js"), "export default { fetch() { return new Response('from js'); } };");
    try (LocalPop pop = LocalPop.start(dir.resolve("deployments"), LocalPop.http("127.0.0.1", 0),
        WorkerRuntime.Config.defaults().withThreads(1))) {
      String fromWasm = get(pop.port(), "cgi.localhost", "/hi");
      assertTrue(fromWasm.startsWith("HTTP/1.1 200"), fromWasm);
      assertTrue(fromWasm.contains("hello, world\nmethod=GET path=/hi"), fromWasm);
      String fromJs = get(pop.port(), "js.localhost", "/");
      assertTrue(fromJs.startsWith("HTTP/1.1 200") && fromJs.endsWith("from js"), fromJs);
      assertEquals(true, get(pop.port(), "cgi.localhost", "/again").contains("path=/again"), "served again, compiled once");
    }
  }

  private static String get(int port, String host, String path) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
