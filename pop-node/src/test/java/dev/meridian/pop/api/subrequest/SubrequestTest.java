package dev.meridian.pop.api.subrequest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.meridian.pop.io.WorkerLimits;
import dev.meridian.pop.server.TestNode;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** fetch() from a worker to a real HTTP server on loopback. */
class SubrequestTest {

  static TestNode node;
  static HttpServer origin;
  static String base;

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
    origin.start();
    base = "http://127.0.0.1:" + origin.getAddress().getPort();
    node = TestNode.start();
  }

  @AfterAll
  static void stop() {
    node.close();
    origin.stop(0);
  }

  @Test
  void aWorkerFetchesFromALocalServer() throws Exception {
    node.deploy("proxy", Map.of("index.js", """
        export default {
          async fetch(request, env) {
            const r = await fetch(env.ORIGIN + "/hello", { method: "POST", body: "payload", headers: { "x-test": "42" } });
            return new Response(r.status + " " + r.headers.get("x-origin") + " " + (await r.text()));
          },
        };
        """), "index.js", Map.of("ORIGIN", base), WorkerLimits.DEFAULTS);
    assertEquals("201 yes hello POST payload 42", node.get("/proxy/").body());
  }

  @Test
  void aLargeResponseBodyStreamsThrough() throws Exception {
    node.deploy("bigproxy", Map.of("index.js", """
        export default {
          async fetch(request, env) {
            const r = await fetch(env.ORIGIN + "/big");
            let total = 0;
            for await (const chunk of r.body) total += chunk.byteLength;
            return new Response(String(total));
          },
        };
        """), "index.js", Map.of("ORIGIN", base), WorkerLimits.DEFAULTS);
    assertEquals(String.valueOf(64 * 64 * 1024), node.get("/bigproxy/").body());
  }

  @Test
  void redirectsFollowOrNot() throws Exception {
    node.deploy("redirects", Map.of("index.js", """
        export default {
          async fetch(request, env) {
            const followed = await fetch(env.ORIGIN + "/moved");
            const manual = await fetch(env.ORIGIN + "/moved", { redirect: "manual" });
            let error = "none";
            try { await fetch(env.ORIGIN + "/moved", { redirect: "error" }); } catch (e) { error = e.name; }
            return new Response(followed.status + " " + manual.status + " " + error);
          },
        };
        """), "index.js", Map.of("ORIGIN", base), WorkerLimits.DEFAULTS);
    assertEquals("201 302 TypeError", node.get("/redirects/").body());
  }

  @Test
  void theSubrequestLimitIsEnforcedPerRequest() throws Exception {
    node.deploy("greedy", Map.of("index.js", """
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
        """), "index.js", Map.of("ORIGIN", base), new WorkerLimits(128, 50, 2));
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
