package dev.meridian.pop.isolate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.pop.http.HttpFront;
import dev.meridian.pop.http.HttpLimits;
import dev.meridian.pop.io.WorkerLimits;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pool is bounded: past its size the coldest isolate goes, and its deployment starts afresh. */
class IsolatePoolTest {

  @Test
  void theCountIsBoundedAndAnEvictedDeploymentStartsAgain() throws Exception {
    Map<String, WorkerDefinition> workers = new HashMap<>();
    for (int i = 0; i < 6; i++) {
      String source = "let served = 0; export default { fetch() { served++; return new Response('w" + i
          + " ' + served); } };";
      workers.put("w" + i, new WorkerDefinition("w" + i, "v1", "index.js",
          path -> path.equals("index.js") ? source.getBytes(StandardCharsets.UTF_8) : null, Map.of(),
          WorkerLimits.DEFAULTS, null));
    }
    try (WorkerRuntime runtime = WorkerRuntime.start(WorkerRuntime.Config.defaults().withThreads(1).withMaxIsolates(3));
        HttpFront front = HttpFront.start(new HttpFront.Config("127.0.0.1", 0, -1, null, HttpLimits.DEFAULTS,
            HttpFront.DEFAULT_DRAIN_TIMEOUT), exchange -> runtime.dispatch(
                workers.get(URI.create(exchange.url()).getPath().substring(1)), exchange))) {
      HttpClient client = HttpClient.newHttpClient();
      java.util.function.Function<String, String> get = name -> {
        try {
          return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + front.port() + "/" + name)).build(),
              HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      };
      assertEquals("w0 1", get.apply("w0"));
      assertEquals("w0 2", get.apply("w0"), "the same isolate keeps its module state");
      for (int i = 1; i < 6; i++) {
        assertEquals("w" + i + " 1", get.apply("w" + i));
      }
      for (int attempt = 0; attempt < 100 && runtime.isolates() > 3; attempt++) {
        Thread.sleep(10); // Caffeine evicts in the background of the writes
      }
      assertTrue(runtime.isolates() <= 3, "isolates: " + runtime.isolates());
      String again = get.apply("w1");
      assertTrue(again.startsWith("w1 "), again);
    }
  }
}
