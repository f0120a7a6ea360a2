package dev.meridian.cli;

import static dev.meridian.cli.DeployJourneyTest.run;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code meridian deploy} on its own side of the wire: what goes into the bundle, and its usage errors. */
class DeployCommandTest {

  @TempDir Path dir;

  @Test
  void theBundleHoldsWhatTheMainModuleImportsAndNothingElse() throws Exception {
    Files.writeString(dir.resolve("meridian.toml"), "name = \"graph\"\nmain = \"src/index.js\"\n");
    Files.createDirectories(dir.resolve("src"));
    Files.writeString(dir.resolve("src/index.js"),
        "import { greet } from './lib/greet.js';\nimport words from './words.json';\n"
            + "export default { fetch() { return new Response(greet(words.name)); } };\n");
    Files.createDirectories(dir.resolve("src/lib"));
    Files.writeString(dir.resolve("src/lib/greet.js"), "export const greet = (n) => 'hi ' + n;\n");
    Files.writeString(dir.resolve("src/words.json"), "{\"name\": \"graph\"}\n");
    Files.writeString(dir.resolve("src/stray.js"), "export const unused = 1;\n");
    Files.writeString(dir.resolve("scratch.txt"), "notes\n");
    String result = run(Map.of(), "deploy", dir.toString(), "--dry-run");
    assertTrue(result.startsWith("0:") && result.contains("bundled graph: 3 files"), result);
  }

  @Test
  void aModuleThatImportsDynamicallyKeepsEveryModuleFile() throws Exception {
    Files.writeString(dir.resolve("meridian.toml"), "name = \"lazy\"\nmain = \"index.js\"\n");
    Files.writeString(dir.resolve("index.js"),
        "export default { async fetch() { const m = await import('./later.js'); return new Response(m.text); } };\n");
    Files.writeString(dir.resolve("later.js"), "export const text = 'later';\n");
    String result = run(Map.of(), "deploy", dir.toString(), "--dry-run");
    assertTrue(result.startsWith("0:") && result.contains("bundled lazy: 2 files"), result);
  }

  @Test
  void aBrokenConfigStopsBeforeAnythingIsUploaded() throws Exception {
    Files.writeString(dir.resolve("meridian.toml"), "name = \"bad\"\nmain = \"index.js\"\nroutes = [\"exa mple.com/*\"]\n");
    Files.writeString(dir.resolve("index.js"), "export default { fetch() { return new Response('x'); } };\n");
    String result = run(Map.of(), "deploy", dir.toString(), "--dry-run");
    assertTrue(result.startsWith("1:") && result.contains("bad route"), result);
    Files.writeString(dir.resolve("meridian.toml"), "name = \"bad\"\nmain = \"index.js\"\nrouts = []\n");
    result = run(Map.of(), "deploy", dir.toString(), "--dry-run");
    assertTrue(result.startsWith("1:") && result.contains("unknown key 'routs'"), result);
    Files.writeString(dir.resolve("meridian.toml"), "name = \"bad\"\nmain = \"missing.js\"\n");
    result = run(Map.of(), "deploy", dir.toString(), "--dry-run");
    assertTrue(result.startsWith("1:") && result.contains("missing.js"), result);
  }

  @Test
  void usageErrorsExitWith2AndSayWhatToDo() {
    assertTrue(run(Map.of(), "deploy", "--help").startsWith("0:usage: meridian deploy"));
    String unknown = run(Map.of(), "deploy", "--frobnicate");
    assertTrue(unknown.startsWith("2:") && unknown.contains("unexpected argument '--frobnicate'"), unknown);
    String percent = run(Map.of(), "rollout", "3", "--percent", "0");
    assertTrue(percent.startsWith("2:") && percent.contains("from 1 to 100"), percent);
    String noToken = run(Map.of("MERIDIAN_API", "http://127.0.0.1:1"), "versions", "--name", "x");
    assertTrue(noToken.startsWith("2:") && noToken.contains("meridian login"), noToken);
  }
}
