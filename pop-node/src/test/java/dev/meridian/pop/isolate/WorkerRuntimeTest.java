package dev.meridian.pop.isolate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.pop.io.WorkerLimits;
import dev.meridian.pop.server.TestNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Workers in module syntax served end to end: modules, env, ctx, console, crypto, timers. */
class WorkerRuntimeTest {

  static TestNode node;

  @BeforeAll
  static void start() throws Exception {
    node = TestNode.start();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void servesAWorkerOfSeveralModulesWithEnv() throws Exception {
    node.deploy("modules", Map.of(
            "src/index.js", """
                import { greet } from "./lib/greet.js";
                import data from "./data.json";
                import note from "./note.txt";
                export default {
                  async fetch(request, env) {
                    return new Response(greet(env.NAME) + " " + data.n + " " + note.trim() + " " + env.SECRET.length);
                  },
                };
                """,
            "src/lib/greet.js", "import { punct } from '../punct.js'; export const greet = (n) => 'hello ' + n + punct;",
            "src/punct.js", "export const punct = '!';",
            "src/data.json", "{\"n\": 42}",
            "src/note.txt", "a note\n"),
        "src/index.js", Map.of("NAME", "world", "SECRET", "s3cr3t"), WorkerLimits.DEFAULTS);
    HttpResponse<String> response = node.get("/modules/");
    assertEquals(200, response.statusCode(), response.body() + node.logs);
    assertEquals("hello world! 42 a note 6", response.body());
  }

  @Test
  void oneIsolateServesManyRequestsThatAwaitTimersConcurrently() throws Exception {
    // The isolate counts the requests it holds at once: overlap is seen, not inferred from a clock.
    node.deploy("sleepy", """
        let holding = 0;
        let most = 0;
        export default {
          async fetch(request) {
            most = Math.max(most, ++holding);
            await new Promise((resolve) => setTimeout(resolve, 50));
            holding--;
            return new Response(String(most));
          },
        };
        """);
    assertEquals(200, node.get("/sleepy/warm").statusCode());
    List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      responses.add(node.client().sendAsync(HttpRequest.newBuilder(node.uri("/sleepy/" + i)).build(),
          HttpResponse.BodyHandlers.ofString()));
    }
    int most = 0;
    for (CompletableFuture<HttpResponse<String>> response : responses) {
      HttpResponse<String> answer = response.get();
      assertEquals(200, answer.statusCode(), answer.body());
      most = Math.max(most, Integer.parseInt(answer.body()));
    }
    assertTrue(most > 1, "one isolate held at most " + most + " of 100 requests awaiting timers at once");
  }

  @Test
  void waitUntilKeepsWorkAliveAfterTheResponse() throws Exception {
    node.deploy("after", """
        export default {
          async fetch(request, env, ctx) {
            ctx.waitUntil(new Promise((resolve) => setTimeout(() => { console.log("after the response"); resolve(); }, 30)));
            return new Response("sent");
          },
        };
        """);
    assertEquals("sent", node.get("/after/").body());
    awaitLog("after the response");
  }

  @Test
  void consoleLinesAreTaggedWithDeploymentAndRequest() throws Exception {
    node.deploy("chatty", """
        export default {
          fetch(request) {
            console.log("obj", { a: 1, b: [1, 2] }, 3);
            console.error(new Error("boom"));
            return new Response("ok");
          },
        };
        """);
    assertEquals("ok", node.get("/chatty/").body());
    awaitLog("chatty info obj { a: 1, b: [ 1, 2 ] } 3");
    awaitLog("chatty error Error: boom");
  }

  @Test
  void cryptoGivesRandomValuesAndUuids() throws Exception {
    node.deploy("random", """
        export default {
          fetch() {
            const a = crypto.getRandomValues(new Uint8Array(32));
            const b = crypto.getRandomValues(new Uint32Array(4));
            let tooBig = "";
            try { crypto.getRandomValues(new Uint8Array(65537)); } catch (e) { tooBig = e.name; }
            let wrongType = "";
            try { crypto.getRandomValues(new Float64Array(2)); } catch (e) { wrongType = e.name; }
            return Response.json({ a: a.some((x) => x !== 0), b: b.length, uuid: crypto.randomUUID(), tooBig, wrongType });
          },
        };
        """);
    String body = node.get("/random/").body();
    assertTrue(body.matches(".*\"uuid\":\"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\".*"), body);
    assertTrue(body.contains("\"a\":true"), body);
    assertTrue(body.contains("\"tooBig\":\"QuotaExceededError\""), body);
    assertTrue(body.contains("\"wrongType\":\"TypeMismatchError\""), body);
  }

  @Test
  void anExceptionFromFetchIsA500AndTheWorkerGoesOn() throws Exception {
    node.deploy("thrower", """
        export default {
          fetch(request) {
            if (new URL(request.url).pathname.endsWith("/throw")) throw new RangeError("nope");
            return new Response("fine");
          },
        };
        """);
    HttpResponse<String> failed = node.get("/thrower/throw");
    assertEquals(500, failed.statusCode());
    assertTrue(failed.body().contains("RangeError: nope"), failed.body());
    assertEquals("fine", node.get("/thrower/ok").body());
    awaitLog("uncaught exception: RangeError: nope");
  }

  @Test
  void aHandlerThatReturnsSomethingElseThanAResponseIsA500() throws Exception {
    node.deploy("wrong", "export default { fetch() { return 'just a string'; } };");
    HttpResponse<String> response = node.get("/wrong/");
    assertEquals(500, response.statusCode());
    assertTrue(response.body().contains("must return a Response"), response.body());
  }

  @Test
  void aStreamOfViewsSendsOnlyTheViewedBytes() throws Exception {
    node.deploy("views", """
        export default {
          fetch() {
            const bytes = new TextEncoder().encode("xxhello, world!yy");
            const words = new Uint16Array([0x6f6e, 0x6574]); // "note" on a little-endian host
            const body = new ReadableStream({
              start(controller) {
                controller.enqueue(bytes.subarray(2, 9));
                controller.enqueue(bytes.subarray(9, 15));
                controller.enqueue(new Uint8Array(words.buffer, 1, 2));
                controller.close();
              },
            });
            return new Response(body);
          },
        };
        """);
    assertEquals("hello, world!ot", node.get("/views/").body());
  }

  @Test
  void evalIsNotAvailable() throws Exception {
    node.deploy("evil", """
        export default {
          fetch() {
            let result = "allowed";
            try { eval("1 + 1"); } catch (e) { result = e.name; }
            let fn = "allowed";
            try { new Function("return 1")(); } catch (e) { fn = e.name; }
            return new Response(result + " " + fn);
          },
        };
        """);
    assertEquals("EvalError EvalError", node.get("/evil/").body());
  }

  static void awaitLog(String text) throws InterruptedException {
    for (int i = 0; i < 500 && !node.logged(text); i++) {
      Thread.sleep(10);
    }
    assertTrue(node.logged(text), "no log line with '" + text + "' in " + node.logs);
  }
}
