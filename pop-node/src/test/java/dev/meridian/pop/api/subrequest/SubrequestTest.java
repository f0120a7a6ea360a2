package dev.meridian.pop.api.subrequest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.meridian.pop.io.WorkerLimits;
import dev.meridian.pop.server.TestNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** fetch() from a worker to a real HTTP server on loopback. */
class SubrequestTest {

  static TestNode node;
  static HttpServer origin;
  static String base;
  static final CountDownLatch firstChunkArrived = new CountDownLatch(1);

  private static void respond(HttpExchange exchange, String text) throws IOException {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @BeforeAll
  static void start() throws Exception {
    origin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    origin.createContext("/hello", exchange -> {
      byte[] body = ("hello " + exchange.getRequestMethod() + " " + new String(exchange.getRequestBody().readAllBytes(),
          StandardCharsets.UTF_8) + " " + exchange.getRequestHeaders().getFirst("x-test")).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("x-origin", "yes");
      exchange.sendResponseHeaders(201, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    origin.createContext("/big", exchange -> {
      exchange.sendResponseHeaders(200, 0);
      try (OutputStream out = exchange.getResponseBody()) {
        byte[] chunk = new byte[64 * 1024];
        for (int i = 0; i < 64; i++) {
          out.write(chunk);
        }
      }
    });
    origin.createContext("/moved", exchange -> {
      exchange.getResponseHeaders().add("location", "/hello");
      exchange.sendResponseHeaders(302, -1);
      exchange.close();
    });
    origin.createContext("/echo-upload", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      respond(exchange, "te=" + exchange.getRequestHeaders().getFirst("transfer-encoding")
          + " cl=" + exchange.getRequestHeaders().getFirst("content-length") + " body=" + body);
    });
    origin.createContext("/stream-upload", exchange -> {
      // Plain reads: readNBytes would ask for 0 more bytes at the end, which this server's chunked
      // stream answers by waiting for the next chunk.
      byte[] first = new byte[6];
      int got = 0;
      for (int n; got < first.length && (n = exchange.getRequestBody().read(first, got, first.length - got)) > 0; ) {
        got += n;
      }
      firstChunkArrived.countDown();
      byte[] rest = exchange.getRequestBody().readAllBytes();
      respond(exchange, new String(first, StandardCharsets.UTF_8) + new String(rest, StandardCharsets.UTF_8));
    });
    origin.createContext("/first-arrived", exchange -> {
      boolean arrived;
      try {
        arrived = firstChunkArrived.await(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        arrived = false;
      }
      respond(exchange, arrived ? "arrived" : "never arrived");
    });
    origin.createContext("/307", exchange -> {
      exchange.getRequestBody().readAllBytes();
      exchange.getResponseHeaders().add("location", "/echo-upload");
      exchange.sendResponseHeaders(307, -1);
      exchange.close();
    });
    origin.setExecutor(Executors.newCachedThreadPool());
    origin.start();
    base = "http://127.0.0.1:" + origin.getAddress().getPort();
    node = TestNode.start();
  }

  /** Deploys {@code source} as {@code index.js}, with {@code env.ORIGIN} the origin's base URL. */
  private static void deployWithOrigin(String name, String source) {
    deployWithOrigin(name, source, WorkerLimits.DEFAULTS);
  }

  private static void deployWithOrigin(String name, String source, WorkerLimits limits) {
    node.deploy(name, Map.of("index.js", source), "index.js", Map.of("ORIGIN", base), limits);
  }

  @AfterAll
  static void stop() {
    node.close();
    origin.stop(0);
  }

  @Test
  void aWorkerFetchesFromALocalServer() throws Exception {
    deployWithOrigin("proxy", """
        export default {
          async fetch(request, env) {
            const r = await fetch(env.ORIGIN + "/hello", { method: "POST", body: "payload", headers: { "x-test": "42" } });
            return new Response(r.status + " " + r.headers.get("x-origin") + " " + (await r.text()));
          },
        };
        """);
    assertEquals("201 yes hello POST payload 42", node.get("/proxy/").body());
  }

  @Test
  void aLargeResponseBodyStreamsThrough() throws Exception {
    deployWithOrigin("bigproxy", """
        export default {
          async fetch(request, env) {
            const r = await fetch(env.ORIGIN + "/big");
            let total = 0;
            for await (const chunk of r.body) total += chunk.byteLength;
            return new Response(String(total));
          },
        };
        """);
    assertEquals(String.valueOf(64 * 64 * 1024), node.get("/bigproxy/").body());
  }

  /**
   * The worker's stream only produces its second chunk once the origin has received the first, so a
   * body read whole before sending would wait for itself (and the origin would say "never arrived").
   */
  @Test
  void aStreamBodyIsSentWhileTheWorkerStillProducesIt() throws Exception {
    deployWithOrigin("uploader", """
        export default {
          async fetch(request, env) {
            const encoder = new TextEncoder();
            const body = new ReadableStream({
              start(c) { c.enqueue(encoder.encode("first;")); },
              async pull(c) {
                const seen = await fetch(env.ORIGIN + "/first-arrived");
                c.enqueue(encoder.encode("then " + await seen.text()));
                c.close();
              },
            });
            const r = await fetch(env.ORIGIN + "/stream-upload", { method: "POST", body, duplex: "half" });
            return new Response(await r.text());
          },
        };
        """);
    assertEquals("first;then arrived", node.get("/uploader/").body());
  }

  @Test
  void anIncomingBodyIsPassedOnWithItsLengthOrChunked() throws Exception {
    deployWithOrigin("passon", """
        export default {
          async fetch(request, env) {
            const sized = await fetch(env.ORIGIN + "/echo-upload", request);
            const chunked = await fetch(env.ORIGIN + "/echo-upload", {
              method: "POST",
              body: new Blob(["generated ", "here"]).stream(),
              duplex: "half",
            });
            return new Response(await sized.text() + " | " + await chunked.text());
          },
        };
        """);
    String body = node.send(HttpRequest.newBuilder(node.uri("/passon/"))
        .POST(HttpRequest.BodyPublishers.ofString("from the client")).build()).body();
    assertEquals("te=null cl=15 body=from the client | te=chunked cl=null body=generated here", body);
  }

  @Test
  void aFailingStreamFailsTheSubrequestAndAStreamCannotFollowA307() throws Exception {
    deployWithOrigin("brokenupload", """
        export default {
          async fetch(request, env) {
            const outcome = async (init) => {
              try {
                const r = await fetch(env.ORIGIN + init.path, { method: "POST", body: init.body, duplex: "half" });
                return "sent " + r.status;
              } catch (e) {
                return e.name;
              }
            };
            const failing = new ReadableStream({
              start(c) { c.enqueue(new TextEncoder().encode("half")); },
              pull(c) { c.error(new Error("the producer broke")); },
            });
            const once = new ReadableStream({
              start(c) { c.enqueue(new TextEncoder().encode("once")); c.close(); },
            });
            return new Response(await outcome({ path: "/echo-upload", body: failing }) + " "
                + await outcome({ path: "/307", body: once }));
          },
        };
        """);
    assertEquals("TypeError TypeError", node.get("/brokenupload/").body());
    assertEquals("TypeError TypeError", node.get("/brokenupload/").body(), "the isolate keeps serving");
  }

  @Test
  void redirectsFollowOrNot() throws Exception {
    deployWithOrigin("redirects", """
        export default {
          async fetch(request, env) {
            const followed = await fetch(env.ORIGIN + "/moved");
            const manual = await fetch(env.ORIGIN + "/moved", { redirect: "manual" });
            let error = "none";
            try { await fetch(env.ORIGIN + "/moved", { redirect: "error" }); } catch (e) { error = e.name; }
            return new Response(followed.status + " " + manual.status + " " + error);
          },
        };
        """);
    assertEquals("201 302 TypeError", node.get("/redirects/").body());
  }

  @Test
  void theSubrequestLimitIsEnforcedPerRequest() throws Exception {
    deployWithOrigin("greedy", """
        export default {
          async fetch(request, env) {
            await fetch(env.ORIGIN + "/hello");
            await fetch(env.ORIGIN + "/hello");
            try {
              await fetch(env.ORIGIN + "/hello");
              return new Response("no limit");
            } catch (e) {
              return new Response(e.name + ": " + e.message);
            }
          },
        };
        """, new WorkerLimits(128, 50, 2));
    String body = node.get("/greedy/").body();
    assertTrue(body.startsWith("TypeError: ") && body.contains("limits.subrequests"), body);
    assertTrue(node.get("/greedy/").body().startsWith("TypeError"), "the count starts again for each request");
  }

  @Test
  void aRefusedConnectionIsATypeError() throws Exception {
    node.deploy("refused", """
        export default {
          async fetch() {
            try {
              await fetch("http://127.0.0.1:1/");
              return new Response("connected?");
            } catch (e) {
              return new Response(e.name);
            }
          },
        };
        """);
    assertEquals("TypeError", node.get("/refused/").body());
  }
}
