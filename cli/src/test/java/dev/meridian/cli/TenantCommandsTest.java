package dev.meridian.cli;

import static dev.meridian.cli.DeployJourneyTest.assertSucceeded;
import static dev.meridian.cli.DeployJourneyTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tenant's commands against the all-in-one node, as a tenant uses them: a KV namespace made with
 * {@code meridian kv}, bound by a worker, written by the worker and read back by the CLI (and the
 * other way round); secrets listed and deleted; versions listed.
 */
class TenantCommandsTest {

  @TempDir Path dir;

  @Test
  void theOperatorMakesATenantAndTokensThatWorkUntilRevoked() throws Exception {
    try (AllInOneNode node = AllInOneNode.start(AllInOneNode.Options.loopback(dir.resolve("data")))) {
      Map<String, String> admin = Map.of("MERIDIAN_API", node.api(), "MERIDIAN_TOKEN", node.adminToken());
      assertSucceeded(run(admin, "tenant", "create", "acme"));
      assertTrue(run(admin, "tenant", "list").contains("acme"));
      String created = run(admin, "token", "create", "--tenant", "acme", "--name", "ci", "--scope", "workers:read");
      assertSucceeded(created);
      String token = created.substring(2).lines().findFirst().orElseThrow();
      Map<String, String> ci = Map.of("MERIDIAN_API", node.api(), "MERIDIAN_TOKEN", token);
      String versions = run(ci, "versions", "--name", "nothing-yet");
      assertTrue(versions.startsWith("1:") && versions.contains("404"), "a working token, a missing worker: " + versions);
      Matcher id = Pattern.compile("token (\\S+) of tenant acme").matcher(created);
      assertTrue(id.find(), created);
      String listed = run(admin, "token", "list");
      assertTrue(listed.startsWith("0:ID") && !listed.contains(id.group(1)), "a tenant lists its own tokens: " + listed);
      assertTrue(run(admin, "token", "list", "--tenant", "acme").contains(id.group(1)), "the operator lists acme's");
      assertTrue(run(admin, "token", "revoke", id.group(1)).contains("404"), "not a token of the operator's tenant");
      assertSucceeded(run(admin, "token", "revoke", id.group(1), "--tenant", "acme"));
      String refused = run(ci, "versions", "--name", "nothing-yet");
      assertTrue(refused.startsWith("1:") && refused.contains("401"), refused);
      String acmeAdmin = run(admin, "token", "create", "--tenant", "acme", "--name", "boss", "--scope", "admin")
          .substring(2).lines().findFirst().orElseThrow();
      String peek = run(Map.of("MERIDIAN_API", node.api(), "MERIDIAN_TOKEN", acmeAdmin), "token", "list", "--tenant",
          "default");
      assertTrue(peek.startsWith("1:") && peek.contains("403"), "a tenant's admin is not the operator: " + peek);
      String noScope = run(admin, "token", "create", "--name", "x");
      assertTrue(noScope.startsWith("2:") && noScope.contains("--scope"), noScope);

      String expiring = run(admin, "token", "create", "--tenant", "acme", "--name", "month", "--scope", "tail",
          "--expires-in", "30d");
      Matcher expiry = Pattern.compile("token (\\S+) of tenant acme \\(tail\\), expiring at (\\S+);").matcher(expiring);
      assertTrue(expiring.startsWith("0:") && expiry.find(), expiring);
      Duration left = Duration.between(Instant.now(), Instant.parse(expiry.group(2)));
      assertTrue(left.compareTo(Duration.ofDays(29)) > 0 && left.compareTo(Duration.ofDays(30)) <= 0, left::toString);
      String acmeTokens = run(admin, "token", "list", "--tenant", "acme");
      assertTrue(acmeTokens.contains("EXPIRES"), acmeTokens);
      assertTrue(acmeTokens.lines().anyMatch(l -> l.startsWith(expiry.group(1)) && l.contains(expiry.group(2))),
          "the list shows the expiry: " + acmeTokens);
      assertTrue(acmeTokens.lines().anyMatch(l -> l.startsWith(id.group(1)) && l.contains(" never ")),
          "a token made without --expires-in never expires: " + acmeTokens);
    }
  }

  @Test
  void rollbackWithoutAVersionRestoresThePreviousDeploymentAsItWas() throws Exception {
    try (AllInOneNode node = AllInOneNode.start(AllInOneNode.Options.loopback(dir.resolve("data")))) {
      Map<String, String> env = Map.of("MERIDIAN_API", node.api(), "MERIDIAN_TOKEN", node.adminToken());
      Path project = Files.createDirectories(dir.resolve("flip"));
      Files.writeString(project.resolve("meridian.toml"), "name = \"flip\"\nmain = \"index.js\"\n");
      for (String version : new String[] {"one", "two"}) {
        Files.writeString(project.resolve("index.js"),
            "export default { fetch() { return new Response('" + version + "'); } };\n");
        assertSucceeded(run(env, "deploy", project.toString()));
      }
      Files.writeString(project.resolve("index.js"), "export default { fetch() { return new Response('three'); } };\n");
      assertSucceeded(run(env, "deploy", project.toString(), "--percent", "10"));
      String rolledBack = run(env, "rollback", "--name", "flip");
      assertTrue(rolledBack.startsWith("0:") && rolledBack.contains("version 2") && rolledBack.contains("100%"),
          "the deployment before the rollout served version 2 alone: " + rolledBack);
      String listed = run(env, "deployments", "--name", "flip");
      assertEquals(5, listed.lines().count(), "a header and four deployments, newest first: " + listed);
      assertTrue(listed.lines().skip(2).findFirst().orElseThrow().contains("version 3"), listed);
      assertEquals("two", RawHttp.get(node.pop().port(), "flip.default.meridian.localhost", "/").body());
      String alone = run(env, "rollback", "--name", "nothing");
      assertTrue(alone.startsWith("1:") && alone.contains("404"), alone);
    }
  }

  @Test
  void kvWrittenByAWorkerIsReadByTheCliAndTheOtherWayRound() throws Exception {
    InputStream stdin = System.in;
    try (AllInOneNode node = AllInOneNode.start(AllInOneNode.Options.loopback(dir.resolve("data")))) {
      Map<String, String> env = Map.of("MERIDIAN_API", node.api(), "MERIDIAN_TOKEN", node.adminToken());
      String created = run(env, "kv", "namespace", "create", "cache");
      assertSucceeded(created);
      Matcher id = Pattern.compile("id = \"([^\"]+)\"").matcher(created);
      assertTrue(id.find(), created);
      Path project = Files.createDirectories(dir.resolve("counter"));
      Files.writeString(project.resolve("meridian.toml"), """
          name = "counter"
          main = "index.js"
          routes = ["counter.example.test/*"]
          [[kv_namespaces]]
          binding = "CACHE"
          id = "%s"
          """.formatted(id.group(1)));
      Files.writeString(project.resolve("index.js"), """
          export default { async fetch(request, env) {
            await env.CACHE.put('from-worker', 'written at the edge');
            return new Response(await env.CACHE.get('from-cli') ?? 'nothing yet');
          } };
          """);
      assertSucceeded(run(env, "deploy", project.toString()));
      assertSucceeded(run(env, "kv", "put", "--namespace", "cache", "from-cli", "written by the tenant"));
      assertEquals("written by the tenant", RawHttp.get(node.pop().port(), "counter.example.test", "/").body());
      assertEquals("0:written at the edge", run(env, "kv", "get", "--namespace", id.group(1), "from-worker"));
      String keys = run(env, "kv", "list", "--namespace", "cache");
      assertTrue(keys.contains("from-cli") && keys.contains("from-worker"), keys);
      assertSucceeded(run(env, "kv", "delete", "--namespace", "cache", "from-cli"));
      assertTrue(run(env, "kv", "get", "--namespace", "cache", "from-cli").startsWith("1:"), "deleted");
      String unknown = run(env, "kv", "get", "--namespace", "nope", "k");
      assertTrue(unknown.startsWith("2:") && unknown.contains("kv namespace list"), unknown);

      assertTrue(run(env, "versions", "--name", "counter").contains("100%"));
      System.setIn(new ByteArrayInputStream("v".getBytes(StandardCharsets.UTF_8)));
      assertSucceeded(run(env, "secret", "put", "TOKEN", "--name", "counter"));
      assertEquals("0:TOKEN\n", run(env, "secret", "list", "--name", "counter"));
      assertSucceeded(run(env, "secret", "delete", "TOKEN", "--name", "counter"));
      assertFalse(run(env, "secret", "list", "--name", "counter").contains("TOKEN"));
    } finally {
      System.setIn(stdin);
    }
  }
}
