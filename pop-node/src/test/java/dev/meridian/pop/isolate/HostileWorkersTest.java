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
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A worker that loops forever, one that allocates without end and one that throws at module load,
 * next to a healthy worker that is asked all along: each hostile one gets a clear error, its isolate
 * is replaced, and the healthy one answers correctly throughout.
 */
class HostileWorkersTest {

  static TestNode node;

  @BeforeAll
  static void start() throws Exception {
    node = TestNode.start();
    node.deploy("healthy", """
        export default {
          async fetch(request) {
            const n = Number(new URL(request.url).searchParams.get("n"));
            return new Response(String(n * 2));
          },
        };
        """);
    node.deploy("spin", """
        export default {
          fetch(request) {
            if (new URL(request.url).searchParams.has("spin")) { for (;;) {} }
            return new Response("spun up");
          },
        };
        """);
    node.deploy("hog", Map.of("index.js", """
        export default {
          fetch(request) {
            if (new URL(request.url).searchParams.has("hog")) {
              const hoard = [];
              for (;;) hoard.push({ index: hoard.length, text: "x".repeat(64) + hoard.length });
            }
            return new Response("fresh");
          },
        };
        """), "index.js", Map.of(), new WorkerLimits(64, 60_000, 10));
    node.deploy("broken", """
        throw new Error("refusing to load");
        export default { fetch() { return new Response("never"); } };
        """);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void anEndlessLoopIsStoppedAtTheCpuLimit() throws Exception {
    assertEquals("spun up", node.get("/spin/").body());
    try (HealthyLoad load = new HealthyLoad()) {
      HttpResponse<String> response = node.get("/spin/?spin");
      assertEquals(503, response.statusCode());
      assertTrue(response.body().contains("CPU time limit of 50 ms"), response.body());
      load.assertAllCorrect();
    }
    assertEquals("spun up", node.get("/spin/").body(), "a fresh isolate serves the next request");
  }

  @Test
  void endlessAllocationIsStoppedAtTheHeapLimit() throws Exception {
    assertEquals("fresh", node.get("/hog/").body());
    try (HealthyLoad load = new HealthyLoad()) {
      HttpResponse<String> response = node.get("/hog/?hog");
      assertEquals(503, response.statusCode());
      assertTrue(response.body().contains("memory limit of 64 MB"), response.body());
      load.assertAllCorrect();
    }
    assertEquals("fresh", node.get("/hog/").body(), "a fresh isolate serves the next request");
  }

  @Test
  void aModuleThatThrowsAtLoadGetsAClearErrorEveryTime() throws Exception {
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> response = node.get("/broken/");
      assertEquals(500, response.statusCode());
      assertTrue(response.body().contains("refusing to load"), response.body());
      assertTrue(response.body().contains("index.js"), response.body());
    }
    assertEquals("42", node.get("/healthy/?n=21").body());
  }

  /** Keeps asking the healthy worker while a hostile one runs, and checks every answer. */
  private static final class HealthyLoad implements AutoCloseable {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
    private final List<Integer> expected = new ArrayList<>();
    private final Thread thread;

    HealthyLoad() {
      thread = new Thread(() -> {
        for (int i = 0; running.get() || i < 20; i++) {
          synchronized (sent) {
            expected.add(i * 2);
            sent.add(node.client().sendAsync(HttpRequest.newBuilder(node.uri("/healthy/?n=" + i)).build(),
                HttpResponse.BodyHandlers.ofString()));
          }
          try {
            Thread.sleep(5);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
      thread.start();
    }

    void assertAllCorrect() throws Exception {
      running.set(false);
      thread.join();
      synchronized (sent) {
        for (int i = 0; i < sent.size(); i++) {
          HttpResponse<String> response = sent.get(i).get();
          assertEquals(200, response.statusCode(), response.body());
          assertEquals(String.valueOf(expected.get(i)), response.body());
        }
      }
    }

    @Override
    public void close() throws InterruptedException {
      running.set(false);
      thread.join();
    }
  }
}
