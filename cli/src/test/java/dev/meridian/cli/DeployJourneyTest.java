package dev.meridian.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.bundles.Bundle;
import dev.meridian.dns.server.RateLimit;
import dev.meridian.kv.replication.PulsarBroker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deploy journey end to end, on a real Pulsar broker: a control plane, PoPs in processes of their
 * own, and the {@code meridian} commands a tenant runs. Durations printed here are observations for
 * the closing note; nothing asserts on them.
 */
@ExtendWith(PulsarBroker.Extension.class)
class DeployJourneyTest {

  private static final String ROUTE_HOST = "journey.example.test";

  @TempDir Path dir;
  private final List<AutoCloseable> running = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (int i = running.size() - 1; i >= 0; i--) {
      running.get(i).close();
    }
  }

  @Test
  void deployRolloutRollbackAndPopsThatRestartOrJoinLate(PulsarBroker broker) throws Exception {
    Path controlData = dir.resolve("control");
    ControlNode control = startControlPlane(broker, controlData);
    Map<String, String> env = Map.of("MERIDIAN_API", control.api(),
        "MERIDIAN_TOKEN", control.adminToken());
    Path nodeToken = dir.resolve("node-token");
    Files.writeString(nodeToken, mintToken(env, "pops", List.of("node"), null));

    PopProcess a = startPop("pop-a", control.apiPort(), broker, controlData, nodeToken);
    PopProcess b = startPop("pop-b", control.apiPort(), broker, controlData, nodeToken);

    Path project = project("v1");
    assertSucceeded(run(env, "deploy", project.toString()));
    report("v1 served by both PoPs", awaitServed(List.of(a, b), "v1"));

    writeVersion(project, "v2");
    assertSucceeded(run(env, "deploy", project.toString()));
    report("v2 served by both PoPs after deploy", awaitServed(List.of(a, b), "v2"));

    // meridian tail: a console line on pop-b travels over Pulsar to the control plane and the CLI.
    ByteArrayOutputStream tailed = new ByteArrayOutputStream();
    PrintStream tailOut = new PrintStream(tailed, true, StandardCharsets.UTF_8);
    Thread.ofVirtual().start(() -> Meridian.run(new String[] {"tail", "--name", "journey"}, env, tailOut, tailOut));
    long tailDeadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    // The PoP learns of the tail session when it learns it, maybe between a request's console line
    // and its request event: wait for the line itself.
    while (!tailed.toString(StandardCharsets.UTF_8).contains("serving v2") && System.nanoTime() < tailDeadline) {
      RawHttp.get(b.port, ROUTE_HOST, "/");
      Thread.sleep(100);
    }
    String tail = tailed.toString(StandardCharsets.UTF_8);
    assertTrue(tail.contains("serving v2") && tail.contains("pop-b"), tail);

    writeVersion(project, "v3");
    assertSucceeded(run(env, "deploy", project.toString(), "--percent", "10"));
    awaitServedSometimes(List.of(a, b), "v3");
    int v3 = 0;
    for (int i = 0; i < 1_000; i++) {
      RawHttp answer = RawHttp.get((i % 2 == 0 ? a : b).port, ROUTE_HOST, "/");
      assertEquals(200, answer.status(), answer.body());
      assertTrue(answer.body().equals("v2") || answer.body().equals("v3"), answer.body());
      v3 += answer.body().equals("v3") ? 1 : 0;
    }
    System.out.println("rollout 10%: v3 answered " + v3 + " of 1000 requests");
    // Binomial(1000, 0.1): mean 100, standard deviation 9.5; 50..150 is more than five deviations.
    assertTrue(v3 >= 50 && v3 <= 150, "v3 answered " + v3 + " of 1000");

    assertSucceeded(run(env, "rollback", "1", "--name", "journey"));
    report("rollback to v1 served by both PoPs", awaitServed(List.of(a, b), "v1"));

    // A PoP that starts after the deploys learns them from the compacted topic.
    PopProcess late = startPop("pop-late", control.apiPort(), broker, controlData, nodeToken);
    report("a PoP started after the deploys serves v1", awaitServed(List.of(late), "v1"));

    // With the control plane down, a restarted PoP serves from its disk cache.
    control.close();
    running.remove(control);
    a.close();
    running.remove(a);
    PopProcess restarted = startPop("pop-a", -1, broker, controlData, nodeToken, dir.resolve("pop-a"));
    // It says it listens only once the compacted topic's manifests are routed: the first answer counts.
    assertEquals("v1", RawHttp.get(restarted.port, ROUTE_HOST, "/").body(), restarted.output());
  }

  private ControlNode startControlPlane(PulsarBroker broker, Path data) throws Exception {
    Backbone backbone = Backbone.pulsar(broker.serviceUrl(), broker.webUrl());
    running.add(backbone);
    ControlNode control = ControlNode.start(new ControlNode.Options(data, "127.0.0.1", 0, Bundle.MAX_BYTES, -1,
        RateLimit.DEFAULT, ServerCommand.DEFAULT_PLATFORM_DOMAIN, List.of(), List.of(), null), backbone, null);
    running.add(control);
    return control;
  }

  private PopProcess startPop(String id, int controlPort, PulsarBroker broker, Path controlData, Path token)
      throws Exception {
    return startPop(id, controlPort, broker, controlData, token, dir.resolve(id));
  }

  private PopProcess startPop(String id, int controlPort, PulsarBroker broker, Path controlData, Path token,
      Path data) throws Exception {
    // A control plane that is down is a port nobody listens on.
    int port = controlPort > 0 ? controlPort : PopProcess.freePort();
    PopProcess pop = PopProcess.start(dir, id, "--control-plane", "http://127.0.0.1:" + port,
        "--pulsar", broker.serviceUrl(), "--data", data.toString(),
        "--secret-key", controlData.resolve("secret.key").toString(), "--token-file", token.toString());
    running.add(pop);
    return pop;
  }

  /** A worker project whose answer is its version's name. */
  private Path project(String version) throws IOException {
    Path project = Files.createDirectories(dir.resolve("journey"));
    Files.writeString(project.resolve("meridian.toml"), """
        name = "journey"
        main = "index.js"
        routes = ["%s/*"]
        """.formatted(ROUTE_HOST));
    writeVersion(project, version);
    return project;
  }

  private static void writeVersion(Path project, String version) throws IOException {
    Files.writeString(project.resolve("index.js"),
        "export default { fetch() { console.log('serving " + version + "'); return new Response('" + version + "'); } };\n");
  }

  /** Polls every PoP until each answers {@code expected}; returns how long that took. */
  private static Duration awaitServed(List<PopProcess> pops, String expected) throws Exception {
    long start = System.nanoTime();
    for (PopProcess pop : pops) {
      await(pop, answer -> answer.body().equals(expected), "answer " + expected);
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }

  private static void awaitServedSometimes(List<PopProcess> pops, String expected) throws Exception {
    for (PopProcess pop : pops) {
      await(pop, answer -> answer.body().equals(expected), "answer " + expected + " at least once");
    }
  }

  private static void await(PopProcess pop, Predicate<RawHttp> done, String what) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    RawHttp last = null;
    while (System.nanoTime() < deadline) {
      last = RawHttp.get(pop.port, ROUTE_HOST, "/");
      if (done.test(last)) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("PoP on " + pop.port + " did not " + what + "; last answer " + last + "\n" + pop.output());
  }

  private static void report(String what, Duration took) {
    System.out.println(what + " within " + took.toMillis() + " ms of the deploy command's end");
  }

  static void assertSucceeded(String result) {
    assertTrue(result.startsWith("0:"), result);
  }

  /** Runs a {@code meridian} command in this process; "EXIT:stdout+stderr". */
  static String run(Map<String, String> env, String... args) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    int exit = Meridian.run(args, env, out, out);
    String output = bytes.toString(StandardCharsets.UTF_8);
    System.out.print(output);
    return exit + ":" + output;
  }

  static String mintToken(Map<String, String> env, String name, List<String> scopes, String tenant) throws Exception {
    ApiClient api = new ApiClient(Credentials.resolve(env));
    Map<String, Object> body = new LinkedHashMap<>(Map.of("name", name, "scopes", scopes));
    if (tenant != null) {
      body.put("tenant", tenant);
    }
    JsonNode created = api.post("/v1/tokens", body);
    return created.path("token").asText();
  }
}
