package dev.meridian.cli;

import static dev.meridian.cli.DeployJourneyTest.assertSucceeded;
import static dev.meridian.cli.DeployJourneyTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.meridian.bundles.fetch.BundleFetcher;
import dev.meridian.bundles.fetch.DiskBundleCache;
import dev.meridian.bundles.fetch.HttpBundleSource;
import dev.meridian.bundles.manifest.Manifest;
import dev.meridian.bundles.manifest.ManifestFeed;
import dev.meridian.bundles.manifest.Release;
import dev.meridian.bundles.secrets.Sealer;
import dev.meridian.bundles.tail.LocalLogTail;
import dev.meridian.pop.isolate.WorkerRuntime;
import dev.meridian.pop.server.EdgePop;
import dev.meridian.pop.server.LocalPop;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a tenant or the network can get wrong on the way from {@code meridian deploy} to a PoP, on
 * the all-in-one node: each gets a clear error, nothing bad is served, and what was serving goes on.
 */
class DeployBadInputTest {

  private static final int MAX_BUNDLE_BYTES = 64 * 1024;

  @TempDir Path dir;
  private AllInOneNode node;
  private final List<BundleFetcher> fetchers = new ArrayList<>();
  private Map<String, String> env;

  @BeforeEach
  void start() throws Exception {
    node = AllInOneNode.start(AllInOneNode.Options.loopback(dir.resolve("data")).withMaxBundleBytes(MAX_BUNDLE_BYTES));
    env = Map.of("MERIDIAN_API", node.api(), "MERIDIAN_TOKEN", node.adminToken());
    assertSucceeded(run(env, "deploy", project("good", "good.example.test", "return new Response('good');")
        .toString()));
  }

  @AfterEach
  void stop() {
    fetchers.forEach(BundleFetcher::close);
    node.close();
  }

  @Test
  void aSyntaxErrorIsReportedWithItsPlaceAndNothingIsUploaded() throws Exception {
    Path broken = project("broken", "broken.example.test", "return new Response('x';");
    String result = run(env, "deploy", broken.toString());
    assertTrue(result.startsWith("1:"), result);
    assertTrue(result.contains("index.js:1:"), result);
    assertTrue(result.contains("nothing was uploaded"), result);
    assertFalse(run(env, "versions", "--name", "broken").contains("index"), "no version exists");
    assertGoodServes();
  }

  @Test
  void anOversizeBundleIsRefusedWith413() throws Exception {
    Path big = project("big", "big.example.test", "return new Response(noise);");
    Files.writeString(big.resolve("index.js"), "import noise from './noise.bin';\n" + Files.readString(big.resolve("index.js")));
    byte[] noise = new byte[MAX_BUNDLE_BYTES * 2];
    new Random(7).nextBytes(noise);
    Files.write(big.resolve("noise.bin"), noise);
    String result = run(env, "deploy", big.toString());
    assertTrue(result.startsWith("1:") && result.contains("413"), result);
    assertGoodServes();
  }

  @Test
  void aRouteOnAnotherTenantsHostnameIsRefused() throws Exception {
    new ApiClient(Credentials.resolve(env)).post("/v1/tenants", Map.of("name", "other"));
    String token = DeployJourneyTest.mintToken(env, "other-deployer", List.of("workers:read", "workers:write"), "other");
    Map<String, String> other = Map.of("MERIDIAN_API", node.api(), "MERIDIAN_TOKEN", token);
    String result = run(other, "deploy", project("thief", "good.example.test", "return new Response('stolen');")
        .toString());
    assertTrue(result.startsWith("1:") && result.contains("409") && result.contains("good.example.test"), result);
    assertGoodServes();
  }

  @Test
  void aRevokedTokenStopsWorkingAtOnce() throws Exception {
    ApiClient admin = new ApiClient(Credentials.resolve(env));
    JsonNode created = admin.post("/v1/tokens", Map.of("name", "ci", "scopes", List.of("workers:read")));
    Map<String, String> ci = Map.of("MERIDIAN_API", node.api(), "MERIDIAN_TOKEN", created.path("token").asText());
    assertSucceeded(run(ci, "versions", "--name", "good"));
    admin.delete("/v1/tokens/" + created.path("id").asText());
    String result = run(ci, "versions", "--name", "good");
    assertTrue(result.startsWith("1:") && result.contains("401") && result.contains("meridian login"), result);
  }

  @Test
  void aManifestNamingAMissingBundleAnswers503AndTheRestServes() throws Exception {
    new ManifestFeed(node.manifests()).publish(new Manifest("default", "ghost", 1, List.of("ghost.example.test/*"),
        List.of(new Release("v1", "0".repeat(64), 100)), Map.of(), false));
    RawHttp answer = awaitStatus(node.pop().port(), "ghost.example.test", 503);
    assertTrue(answer.body().contains("could not be fetched") && answer.body().contains("default/ghost"), answer.body());
    assertGoodServes();
  }

  @Test
  void aCorruptedDownloadIsFetchedAgainAndNeverServed() throws Exception {
    String hash = versions("good").get(0).path("bundle").asText();
    byte[] bundle = Files.readAllBytes(bundleFile(hash));
    AtomicInteger corruptLeft = new AtomicInteger(1);
    HttpServer registry = corruptingRegistry(bundle, corruptLeft);
    try (EdgePop pop = secondPop(registry, "pop-b")) {
      RawHttp answer = RawHttp.get(pop.port(), "good.example.test", "/");
      assertEquals(200, answer.status(), answer.body());
      assertEquals("good", answer.body());
      assertEquals(0, corruptLeft.get(), "the first download was corrupted and fetched again");
    }
    corruptLeft.set(Integer.MAX_VALUE);
    try (EdgePop pop = secondPop(registry, "pop-c")) {
      RawHttp answer = RawHttp.get(pop.port(), "good.example.test", "/");
      assertEquals(503, answer.status(), answer.body());
    } finally {
      registry.stop(0);
    }
    assertFalse(Files.exists(dir.resolve("pop-c-cache").resolve(hash + ".bundle")), "nothing corrupted is cached");
  }

  @Test
  void secretsReachThePopAndConsoleOutputReachesTail() throws Exception {
    Path worker = project("secretive", "secretive.example.test",
        "console.log('serving with', env.API_KEY.length, 'characters'); return new Response(env.API_KEY);");
    assertSucceeded(run(env, "deploy", worker.toString()));
    assertEquals(500, awaitStatus(node.pop().port(), "secretive.example.test", 500).status(), "no secret yet");
    ByteArrayOutputStream tailed = new ByteArrayOutputStream();
    PrintStream tailOut = new PrintStream(tailed, true, StandardCharsets.UTF_8);
    Thread.ofVirtual().start(() -> Meridian.run(new String[] {"tail", "--name", "secretive"}, env, tailOut, tailOut));
    awaitText(tailed, "tailing secretive");
    InputStream stdin = System.in;
    try {
      System.setIn(new ByteArrayInputStream("s3cr3t\n".getBytes(StandardCharsets.UTF_8)));
      assertSucceeded(run(env, "secret", "put", "API_KEY", "--name", "secretive"));
    } finally {
      System.setIn(stdin);
    }
    RawHttp answer = awaitStatus(node.pop().port(), "secretive.example.test", 200);
    assertEquals("s3cr3t", answer.body());
    // The PoP learns of the tail session a moment after it opens: ask until a request's line comes through.
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!tailed.toString(StandardCharsets.UTF_8).contains("serving with 6 characters") && System.nanoTime() < deadline) {
      RawHttp.get(node.pop().port(), "secretive.example.test", "/");
      Thread.sleep(50);
    }
    awaitText(tailed, "serving with 6 characters");
    awaitText(tailed, "GET http://secretive.example.test/ 200");
    assertFalse(run(env, "secret", "list", "--name", "secretive").contains("s3cr3t"), "a secret is never shown");
  }

  private static void awaitText(ByteArrayOutputStream output, String text) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!output.toString(StandardCharsets.UTF_8).contains(text) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(output.toString(StandardCharsets.UTF_8).contains(text), "no '" + text + "' in:\n" + output);
  }

  private EdgePop secondPop(HttpServer registry, String id) throws Exception {
    BundleFetcher fetcher = new BundleFetcher(new HttpBundleSource(URI.create("http://127.0.0.1:"
        + registry.getAddress().getPort()), "unused"), new DiskBundleCache(dir.resolve(id + "-cache"), 1 << 20),
        Duration.ofSeconds(10));
    fetchers.add(fetcher);
    EdgePop pop = EdgePop.start(new EdgePop.Config(id, "meridian.localhost", LocalPop.http("127.0.0.1", 0),
            WorkerRuntime.Config.defaults(), EdgePop.Config.DEFAULT_MAX_LOADED_BYTES, null),
        new ManifestFeed(node.manifests()), fetcher, new Sealer(dir.resolve("data").resolve("secret.key")),
        new LocalLogTail());
    assertTrue(pop.awaitManifests(Duration.ofSeconds(30)), "the manifests were not replayed within 30 s");
    return pop;
  }

  /** A registry that flips a byte of the bundle while {@code corruptLeft} is positive. */
  private static HttpServer corruptingRegistry(byte[] bundle, AtomicInteger corruptLeft) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/internal/bundles/", exchange -> {
      byte[] body = bundle.clone();
      if (corruptLeft.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
        body[body.length / 2] ^= 0x5a;
      }
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    return server;
  }

  private Path bundleFile(String hash) throws IOException {
    try (var files = Files.walk(dir.resolve("data").resolve("bundles"))) {
      return files.filter(p -> p.getFileName().toString().startsWith(hash)).findFirst().orElseThrow();
    }
  }

  private List<JsonNode> versions(String worker) throws Exception {
    return new Deployments(new ApiClient(Credentials.resolve(env)), worker).versions();
  }

  private void assertGoodServes() throws IOException {
    RawHttp answer = RawHttp.get(node.pop().port(), "good.example.test", "/");
    assertEquals(200, answer.status());
    assertEquals("good", answer.body());
  }

  private static RawHttp awaitStatus(int port, String host, int status) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    RawHttp last = RawHttp.get(port, host, "/");
    while (last.status() != status && System.nanoTime() < deadline) {
      Thread.sleep(20);
      last = RawHttp.get(port, host, "/");
    }
    assertEquals(status, last.status(), last.body());
    return last;
  }

  private Path project(String name, String routeHost, String fetchBody) throws IOException {
    Path project = Files.createDirectories(dir.resolve(name));
    Files.writeString(project.resolve("meridian.toml"), """
        name = "%s"
        main = "index.js"
        routes = ["%s/*"]
        """.formatted(name, routeHost));
    Files.writeString(project.resolve("index.js"), "export default { fetch(request, env) { " + fetchBody + " } };\n");
    return project;
  }
}
