package dev.meridian.pop.wasm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.pop.io.LogSink;
import dev.meridian.pop.io.WorkerLimits;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real guests built from C and WAT, served CGI-style, against every limit. */
class WasmEngineTest {

  @TempDir static Path directory;

  private static final List<String> logs = Collections.synchronizedList(new ArrayList<>());
  private static final LogSink SINK = (deployment, requestId, level, message) ->
      logs.add(deployment + " " + level + " " + message);
  private static WasmEngine engine;
  private static Guests guests;
  private static byte[] hello;

  @BeforeAll
  static void start() throws Exception {
    guests = new Guests(directory);
    hello = guests.c("hello");
    engine = WasmEngine.start(new WasmEngine.Config(2, 16, WasmEngine.Config.DEFAULT_STACK_BYTES,
        WasmEngine.Config.DEFAULT_MAX_OUTPUT_BYTES, Duration.ofMillis(5), SINK, true,
        WasmEngine.Config.DEFAULT_COMPILED_MODULES));
  }

  @AfterAll
  static void stop() {
    engine.close();
  }

  private static WasmWorker load(String name, byte[] module, WorkerLimits limits) throws WasmLoadException {
    return engine.load(name, "v1", name + ".wasm", Map.of(name + ".wasm", module), Map.of(), limits);
  }

  private static TestExchange.Answer serve(WasmEngine on, WasmWorker worker, TestExchange exchange) throws Exception {
    on.dispatch(worker, exchange);
    return exchange.answer();
  }

  /** What the hello guest answers now: the engine goes on serving after a guest failed. */
  private static int helloStatus() throws Exception {
    try (WasmWorker worker = load("hello", hello, WorkerLimits.DEFAULTS)) {
      return serve(engine, worker, TestExchange.get("http://example.test/")).status();
    }
  }

  private static boolean logged(String text) {
    synchronized (logs) {
      return logs.stream().anyMatch(line -> line.contains(text));
    }
  }

  @Test
  void helloWorldGetsTheRequestAsCgiVariablesAndReadsOnlyItsBundle() throws Exception {
    try (WasmWorker worker = engine.load("hello", "v1", "bin/hello.wasm",
        Map.of("bin/hello.wasm", hello, "data/greeting.txt", "bonjour\n".getBytes(StandardCharsets.UTF_8)),
        Map.of("GREETING", "hi", "REQUEST_METHOD", "a var never wins over the request"), WorkerLimits.DEFAULTS)) {
      assertTrue(worker.compiled(), worker.toString());
      TestExchange exchange = new TestExchange("GET", "http://example.test:8080/greet/%C3%A9t%C3%A9?x=1&y=%20",
          List.of("host", "example.test:8080", "x-test", "yes"));
      TestExchange.Answer answer = serve(engine, worker, exchange);

      assertEquals(200, answer.status(), answer.text());
      assertEquals("text/plain", answer.header("content-type"));
      assertEquals("hello", answer.header("x-guest"));
      assertEquals("hello, world\n"
          + "method=GET path=/greet/été query=x=1&y=%20 server=example.test port=8080 header=yes var=hi\n"
          + "file=bonjour\n"
          + "write=denied host=hidden\n", answer.text());
      assertTrue(logged("hello error hello from the guest: GET /greet/été"), logs.toString());
    }
  }

  @Test
  void aNewVersionOfTheSameModuleReusesItsCompiledCode() throws Exception {
    try (WasmWorker first = engine.load("hello", "v1", "hello.wasm", Map.of("hello.wasm", hello), Map.of(),
            WorkerLimits.DEFAULTS);
        WasmWorker second = engine.load("hello", "v2", "hello.wasm", Map.of("hello.wasm", hello, "new.txt",
            new byte[] {1}), Map.of("NEW", "var"), WorkerLimits.DEFAULTS);
        WasmWorker other = load("echo", guests.c("echo"), WorkerLimits.DEFAULTS)) {
      assertSame(first.machine(), second.machine());
      assertSame(first.module(), second.module());
      assertNotSame(first.machine(), other.machine());
      assertEquals(200, serve(engine, second, TestExchange.get("http://example.test/")).status());
    }
  }

  @Test
  void statusHeaderSetsTheResponseStatus() throws Exception {
    try (WasmWorker worker = load("hello", hello, WorkerLimits.DEFAULTS)) {
      TestExchange.Answer answer = serve(engine, worker, TestExchange.get("http://example.test/missing"));
      assertEquals(404, answer.status());
      assertEquals("no such page\n", answer.text());
    }
  }

  @Test
  void echoReadsTheStreamedBodyOnStdin() throws Exception {
    try (WasmWorker worker = load("echo", guests.c("echo"), WorkerLimits.DEFAULTS)) {
      byte[] big = new byte[100_000];
      for (int i = 0; i < big.length; i++) {
        big[i] = (byte) ('a' + i % 26);
      }
      byte[] first = "{\"part\": 1}\n".getBytes(StandardCharsets.UTF_8);
      byte[] last = "\nthe end".getBytes(StandardCharsets.UTF_8);
      int length = first.length + big.length + last.length;
      TestExchange exchange = new TestExchange("POST", "http://example.test/echo",
          List.of("content-type", "application/json", "content-length", Integer.toString(length)), first, big, last);
      TestExchange.Answer answer = serve(engine, worker, exchange);

      assertEquals(200, answer.status(), answer.text());
      assertEquals("application/json", answer.header("content-type"));
      assertEquals(Integer.toString(length), answer.header("x-content-length"));
      byte[] expected = new byte[length];
      System.arraycopy(first, 0, expected, 0, first.length);
      System.arraycopy(big, 0, expected, first.length, big.length);
      System.arraycopy(last, 0, expected, first.length + big.length, last.length);
      assertArrayEquals(expected, answer.body());
    }
  }

  @Test
  void infiniteLoopIsStoppedByTheCpuLimitCompiledAndInterpreted() throws Exception {
    byte[] loop = guests.c("loop");
    WorkerLimits limits = new WorkerLimits(WorkerLimits.DEFAULT_HEAP_MB, 50, WorkerLimits.DEFAULT_SUBREQUESTS);
    try (WasmEngine interpreter = WasmEngine.start(WasmEngine.Config.defaults().withLogSink(SINK).withCompile(false))) {
      for (WasmEngine on : List.of(engine, interpreter)) {
        try (WasmWorker worker = on.load("loop", "v1", "loop.wasm", Map.of("loop.wasm", loop), Map.of(), limits)) {
          TestExchange.Answer answer = serve(on, worker, TestExchange.get("http://example.test/"));
          assertEquals(503, answer.status(), answer.text());
          assertTrue(answer.text().startsWith("loop.wasm: the module used more than its CPU limit of 50 ms"),
              answer.text());
        }
        // The thread that ran the loop serves the next request normally.
        try (WasmWorker worker = load("hello", hello, WorkerLimits.DEFAULTS)) {
          for (int i = 0; i < 3; i++) {
            TestExchange.Answer next = serve(on, worker, TestExchange.get("http://example.test/"));
            assertEquals(200, next.status(), next.text());
          }
        }
      }
    }
  }

  @Test
  void memoryGrowerIsStoppedByTheMemoryLimit() throws Exception {
    WorkerLimits limits = new WorkerLimits(16, WorkerLimits.DEFAULT_CPU_MS * 20, WorkerLimits.DEFAULT_SUBREQUESTS);
    try (WasmWorker worker = load("grow", guests.c("grow"), limits)) {
      TestExchange.Answer answer = serve(engine, worker, TestExchange.get("http://example.test/"));
      assertEquals(503, answer.status(), answer.text());
      assertTrue(answer.text().contains("the module trapped"), answer.text());
      assertTrue(answer.text().contains("after it asked for more memory than the limit of 16 MiB (256 pages)"), answer.text());
      assertTrue(logged("grow error out of memory after"), logs.toString());
    }
    assertEquals(200, helloStatus());
  }

  @Test
  void trapIsA500NamingIt() throws Exception {
    try (WasmWorker worker = load("trap", guests.wat("trap"), WorkerLimits.DEFAULTS)) {
      TestExchange.Answer answer = serve(engine, worker, TestExchange.get("http://example.test/"));
      assertEquals(500, answer.status(), answer.text());
      assertTrue(answer.text().startsWith("trap.wasm: the module trapped: "), answer.text());
      assertTrue(answer.text().toLowerCase(java.util.Locale.ROOT).contains("unreachable"), answer.text());
      assertTrue(logged("trap error the module trapped"), logs.toString());
    }
  }

  @Test
  void endlessRecursionIsStoppedByTheStackLimit() throws Exception {
    try (WasmWorker worker = load("recurse", guests.wat("recurse"), WorkerLimits.DEFAULTS)) {
      TestExchange.Answer answer = serve(engine, worker, TestExchange.get("http://example.test/"));
      assertEquals(500, answer.status(), answer.text());
      assertTrue(answer.text().startsWith("recurse.wasm: the module's calls nested deeper than the stack limit"),
          answer.text());
      assertEquals(200, helloStatus());
    }
  }

  @Test
  void nativeGuestStreamsTheBodyBack() throws Exception {
    try (WasmWorker worker = load("stream", guests.nativeC("stream"), WorkerLimits.DEFAULTS)) {
      assertEquals(WasmWorker.Interface.NATIVE, worker.kind());
      byte[] big = "abcdefghij".repeat(5_000).getBytes(StandardCharsets.UTF_8);
      TestExchange exchange = new TestExchange("PUT", "http://example.test/up?x=1",
          List.of("content-type", "text/x-letters"), "hello, ".getBytes(StandardCharsets.UTF_8), big,
          " bye".getBytes(StandardCharsets.UTF_8));
      TestExchange.Answer answer = serve(engine, worker, exchange);

      assertEquals(201, answer.status(), answer.text());
      assertEquals("text/plain", answer.header("content-type"));
      assertEquals("native", answer.header("x-guest"));
      assertEquals("PUT http://example.test/up?x=1 type=text/x-letters\nHELLO, " + "ABCDEFGHIJ".repeat(5_000) + " BYE",
          answer.text());
      assertTrue(exchange.writes() > 2, "the body went out in pieces, not whole: " + exchange.writes());
      assertTrue(logged("stream error streaming a body back"), logs.toString());
    }
  }

  @Test
  void nativeGuestMakesAnOutboundRequestWithinTheSubrequestLimit() throws Exception {
    com.sun.net.httpserver.HttpServer upstream =
        com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    upstream.createContext("/", call -> {
      byte[] reply = ("upstream got " + call.getRequestMethod() + " " + call.getRequestURI() + " from "
          + call.getRequestHeaders().getFirst("x-from") + "\n").getBytes(StandardCharsets.UTF_8);
      call.getResponseHeaders().add("x-upstream-says", "hi");
      call.sendResponseHeaders(203, reply.length);
      call.getResponseBody().write(reply);
      call.close();
    });
    upstream.start();
    String url = "http://127.0.0.1:" + upstream.getAddress().getPort() + "/data?id=7";
    try (WasmWorker worker = load("fetch", guests.nativeC("fetch"), WorkerLimits.DEFAULTS);
        WasmWorker limited = load("fetch", guests.nativeC("fetch"),
            new WorkerLimits(WorkerLimits.DEFAULT_HEAP_MB, WorkerLimits.DEFAULT_CPU_MS, 0))) {
      TestExchange.Answer answer = serve(engine, worker,
          new TestExchange("GET", "http://example.test/", List.of("x-upstream", url)));
      assertEquals(200, answer.status(), answer.text());
      assertEquals("upstream status=203 says=hi\nupstream got GET /data?id=7 from wasm\n", answer.text());

      TestExchange.Answer refused = serve(engine, limited,
          new TestExchange("GET", "http://example.test/", List.of("x-upstream", url)));
      assertEquals(502, refused.status(), refused.text());
      assertTrue(logged("fetch warn fetch: more than 0 subrequests in one request (limits.subrequests)"),
          logs.toString());
      TestExchange.Answer file = serve(engine, worker,
          new TestExchange("GET", "http://example.test/", List.of("x-upstream", "file:///etc/passwd")));
      assertEquals(502, file.status(), file.text());
      assertTrue(logged("fetch: only http and https URLs can be fetched, not 'file:///etc/passwd'"), logs.toString());
    } finally {
      upstream.stop(0);
    }
  }

  @Test
  void nativeGuestImportingAFunctionTheInterfaceLacksFailsTheLoad() throws Exception {
    byte[] module = guests.wat("native-missing");
    WasmLoadException error = assertThrows(WasmLoadException.class,
        () -> load("native-missing", module, WorkerLimits.DEFAULTS));
    assertTrue(error.getMessage().startsWith("native-missing.wasm imports the host function"
        + " 'meridian_http.response_flush', which does not exist"), error.getMessage());
  }

  @Test
  void missingHostFunctionFailsTheLoadNamingIt() throws Exception {
    byte[] module = guests.wat("missing-import");
    WasmLoadException error = assertThrows(WasmLoadException.class,
        () -> load("missing-import", module, WorkerLimits.DEFAULTS));
    assertTrue(error.getMessage().startsWith(
        "missing-import.wasm imports the host function 'env.meridian_does_not_exist', which does not exist"),
        error.getMessage());
  }

  @Test
  void moduleThatIsNotACommandFailsTheLoad() throws Exception {
    byte[] module = guests.wat("add");
    WasmLoadException error = assertThrows(WasmLoadException.class, () -> load("add", module, WorkerLimits.DEFAULTS));
    assertTrue(error.getMessage().contains("exports no _start function"), error.getMessage());
    WasmLoadException garbage = assertThrows(WasmLoadException.class,
        () -> load("junk", "not wasm".getBytes(StandardCharsets.UTF_8), WorkerLimits.DEFAULTS));
    assertTrue(garbage.getMessage().startsWith("junk.wasm is not a valid WebAssembly module"), garbage.getMessage());
  }
}
