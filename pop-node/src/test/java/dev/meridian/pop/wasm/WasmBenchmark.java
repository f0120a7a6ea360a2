package dev.meridian.pop.wasm;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import dev.meridian.pop.http.HttpLimits;
import dev.meridian.pop.io.WorkerLimits;
import dev.meridian.pop.isolate.WorkerRuntime;
import dev.meridian.pop.server.DevServer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The figures issue 4 asks for, printed as ratios against a baseline measured in the same run (not
 * a test: run its main with the test classpath, from pop-node/, after the guest toolchain is in).
 *
 * <ol>
 *   <li>The same C kernel (a 256x256 double matrix multiply) compiled once to wasm32: best time under
 *       Chicory's interpreter, Chicory's compiler and V8's WebAssembly (a JS worker importing it,
 *       timed from outside as the difference between requests running it 1 and 11 times), as ratios
 *       to V8, and native code from {@code clang -O2}.
 *   <li>Sequential requests per second over HTTP/1.1 keep-alive through {@code meridian dev} for the
 *       CGI hello world, the native-interface guest and a JavaScript hello world; and the engine's own
 *       time per CGI request without HTTP.
 * </ol>
 */
public final class WasmBenchmark {

  private WasmBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path directory = Files.createTempDirectory("meridian-wasm-bench");
    Guests guests = new Guests(directory);
    byte[] kernel = guests.kernel("matmul");
    double nativeMs = guests.nativeKernel("matmul");
    WasmModule module = Parser.parse(kernel);
    double compiledMs = chicory(module, MachineFactoryCompiler.compile(module), 20);
    double interpretedMs = chicory(module, InterpreterMachine::new, 2);
    double v8Ms = v8(directory, kernel);
    System.out.printf("kernel matmul 256x256: native %.1f ms, V8 %.1f ms, Chicory compiled %.1f ms, Chicory"
        + " interpreted %.1f ms%n", nativeMs, v8Ms, compiledMs, interpretedMs);
    System.out.printf("ratios to V8: native %.2f, Chicory compiled %.2f, Chicory interpreted %.1f%n",
        nativeMs / v8Ms, compiledMs / v8Ms, interpretedMs / v8Ms);

    byte[] hello = guests.c("hello");
    byte[] stream = guests.nativeC("stream");
    System.out.printf("engine, no HTTP: CGI hello %.0f us/request, native hello %.0f us/request%n",
        engineMicros(hello), engineMicros(stream));
    Path cgi = Files.createDirectories(directory.resolve("cgi"));
    Files.write(cgi.resolve("hello.wasm"), hello);
    Path nat = Files.createDirectories(directory.resolve("native"));
    Files.write(nat.resolve("stream.wasm"), stream);
    Path js = Files.createDirectories(directory.resolve("js"));
    Files.writeString(js.resolve("index.js"), "export default { fetch() { return new Response('hello, world\\n'); } };");
    double jsRate = requestsPerSecond(js.resolve("index.js"));
    double cgiRate = requestsPerSecond(cgi.resolve("hello.wasm"));
    double nativeRate = requestsPerSecond(nat.resolve("stream.wasm"));
    System.out.printf("HTTP/1.1 sequential, meridian dev: JS hello %.0f req/s, CGI hello %.0f req/s (%.2f of JS),"
        + " native hello %.0f req/s (%.2f of JS)%n", jsRate, cgiRate, cgiRate / jsRate, nativeRate, nativeRate / jsRate);
  }

  private static double chicory(WasmModule module, Function<Instance, Machine> machine, int runs) {
    Instance instance = Instance.builder(module).withMachineFactory(machine).build();
    double best = Double.MAX_VALUE;
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      double checksum = Double.longBitsToDouble(instance.export("run").apply()[0]);
      best = Math.min(best, (System.nanoTime() - start) / 1e6);
      if (checksum != 100657919.375) {
        throw new IllegalStateException("wrong checksum " + checksum);
      }
    }
    return best;
  }

  private static double v8(Path directory, byte[] kernel) throws Exception {
    Path project = Files.createDirectories(directory.resolve("v8"));
    Files.write(project.resolve("matmul.wasm"), kernel);
    Files.writeString(project.resolve("index.js"), """
        import kernel from "./matmul.wasm";
        export default {
          fetch(request) {
            const times = Number(new URL(request.url).searchParams.get("n"));
            const instance = new WebAssembly.Instance(kernel);
            let checksum = 0;
            for (let i = 0; i < times; i++) checksum = instance.exports.run();
            return new Response(String(checksum));
          }
        };
        """);
    Files.writeString(project.resolve("meridian.toml"),
        "name = \"v8\"\nmain = \"index.js\"\n[limits]\ncpu_ms = " + WorkerLimits.MAX_CPU_MS + "\n");
    try (DevServer server = quiet(project)) {
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      get(client, server, "/?n=20");
      double best = Double.MAX_VALUE;
      for (int round = 0; round < 5; round++) {
        long one = time(client, server, "/?n=1");
        long eleven = time(client, server, "/?n=11");
        best = Math.min(best, (eleven - one) / 10 / 1e6);
      }
      return best;
    }
  }

  private static double engineMicros(byte[] module) throws Exception {
    try (WasmEngine engine = WasmEngine.start(WasmEngine.Config.defaults().withLogSink((d, r, l, m) -> { }));
        WasmWorker worker = engine.load("bench", "v1", "bench.wasm", Map.of("bench.wasm", module), Map.of(),
            WorkerLimits.DEFAULTS)) {
      for (int i = 0; i < 20_000; i++) {
        once(engine, worker);
      }
      int n = 20_000;
      long start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        once(engine, worker);
      }
      return (System.nanoTime() - start) / 1e3 / n;
    }
  }

  private static void once(WasmEngine engine, WasmWorker worker) throws Exception {
    TestExchange exchange = TestExchange.get("http://bench.test/");
    engine.dispatch(worker, exchange);
    if (exchange.answer().status() >= 300) {
      throw new IllegalStateException(exchange.answer().text());
    }
  }

  private static double requestsPerSecond(Path project) throws Exception {
    try (DevServer server = quiet(project)) {
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      long warm = System.nanoTime() + Duration.ofSeconds(2).toNanos();
      while (System.nanoTime() < warm) {
        get(client, server, "/");
      }
      int count = 0;
      long start = System.nanoTime();
      long end = start + Duration.ofSeconds(3).toNanos();
      while (System.nanoTime() < end) {
        get(client, server, "/");
        count++;
      }
      return count / ((System.nanoTime() - start) / 1e9);
    }
  }

  private static DevServer quiet(Path project) throws Exception {
    return DevServer.start(new DevServer.Options(project, "127.0.0.1", 0, -1, project.resolveSibling(".certs"),
        false, HttpLimits.DEFAULTS, WorkerRuntime.Config.defaults().withThreads(1)
            .withLogSink((d, r, l, m) -> { })), new PrintStream(OutputStream.nullOutputStream()));
  }

  private static long time(HttpClient client, DevServer server, String path) throws Exception {
    long start = System.nanoTime();
    get(client, server, path);
    return System.nanoTime() - start;
  }

  private static void get(HttpClient client, DevServer server, String path) throws IOException, InterruptedException {
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + server.port() + path)).build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 300) {
      throw new IllegalStateException(path + ": " + response.statusCode() + " " + response.body());
    }
  }
}
