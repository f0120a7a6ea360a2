package dev.meridian.cli;

import static dev.meridian.cli.DeployJourneyTest.assertSucceeded;
import static dev.meridian.cli.DeployJourneyTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meridian.kv.replication.PulsarBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code meridian server --pulsar}: the all-in-one node on a real broker, with a second PoP in a
 * process of its own joining the same network and serving what the node's control plane deployed.
 */
@ExtendWith(PulsarBroker.Extension.class)
class AllInOneOnPulsarTest {

  @TempDir Path dir;

  @Test
  void aPopJoiningTheNodesBrokerServesItsDeployments(PulsarBroker broker) throws Exception {
    AllInOneNode.Options loopback = AllInOneNode.Options.loopback(dir.resolve("node"));
    AllInOneNode.Options options = new AllInOneNode.Options(loopback.data(), loopback.host(), 0, -1, false, 0, -1,
        loopback.dnsRateLimit(),
        broker.serviceUrl(), broker.webUrl(), "pop-main", loopback.platformDomain(), loopback.maxBundleBytes(),
        loopback.popAddress(), loopback.location(), List.of(), null);
    try (AllInOneNode node = AllInOneNode.start(options)) {
      Map<String, String> env = Map.of("MERIDIAN_API", node.api(), "MERIDIAN_TOKEN", node.adminToken());
      Path project = Files.createDirectories(dir.resolve("joined"));
      Files.writeString(project.resolve("meridian.toml"), "name = \"joined\"\nmain = \"index.js\"\n");
      Files.writeString(project.resolve("index.js"), "export default { fetch() { return new Response('joined'); } };\n");
      assertSucceeded(run(env, "deploy", project.toString()));
      // The deploy returns once the manifest is published; the node's own PoP reads it from the broker.
      assertEquals("joined", awaitAnswer(node.pop().port(), "joined").body());

      String created = run(env, "token", "create", "--name", "edge", "--scope", "node");
      assertSucceeded(created);
      Path token = Files.writeString(dir.resolve("node-token"), created.substring(2).lines().findFirst().orElseThrow());
      try (PopProcess pop = PopProcess.start(dir, "pop-edge", "--control-plane", node.api(), "--pulsar",
          broker.serviceUrl(), "--data", dir.resolve("edge").toString(), "--secret-key",
          dir.resolve("node").resolve("secret.key").toString(), "--token-file", token.toString())) {
        assertEquals("joined", awaitAnswer(pop.port, "joined").body(), pop.output());
      }
    }
  }

  /** Asks the PoP on {@code port} for the worker until it answers {@code expected}, for up to 30 s. */
  private static RawHttp awaitAnswer(int port, String expected) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    RawHttp answer = RawHttp.get(port, "joined.default.meridian.localhost", "/");
    while (!answer.body().equals(expected) && System.nanoTime() < deadline) {
      Thread.sleep(100);
      answer = RawHttp.get(port, "joined.default.meridian.localhost", "/");
    }
    return answer;
  }
}
