package dev.meridian.pop.isolate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import dev.meridian.pop.io.WorkerLimits;
import dev.meridian.pop.server.TestNode;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code ctx.passThroughOnException()}: a worker that throws after calling it is answered by its
 * origin, as if no worker were there; without it, or without an origin, the client gets the 500.
 */
class PassThroughOnExceptionTest {

  @Test
  void aThrowingWorkerFallsThroughToItsOrigin() throws Exception {
    HttpServer origin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    origin.createContext("/", exchange -> {
      byte[] body = ("origin saw " + exchange.getRequestMethod() + " " + exchange.getRequestURI())
          .getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    origin.start();
    String source = """
        export default {
          fetch(request, env, ctx) {
            if (new URL(request.url).searchParams.has("pass")) ctx.passThroughOnException();
            throw new Error("the worker broke");
          },
        };
        """;
    try (TestNode node = TestNode.start()) {
      node.deploy(new WorkerDefinition("guarded", "v1", "index.js",
          path -> path.equals("index.js") ? source.getBytes(StandardCharsets.UTF_8) : null, Map.of(),
          WorkerLimits.DEFAULTS, "http://127.0.0.1:" + origin.getAddress().getPort(), WorkerDefinition.LOCAL_TENANT));
      var passed = node.get("/guarded/page?pass");
      assertEquals(200, passed.statusCode());
      assertEquals("origin saw GET /guarded/page?pass", passed.body());
      assertEquals(500, node.get("/guarded/page").statusCode(), "without passThroughOnException the error stands");

      node.deploy("unguarded", source);
      assertEquals(500, node.get("/unguarded/page?pass").statusCode(), "no origin: nowhere to pass through to");
    } finally {
      origin.stop(0);
    }
  }
}
