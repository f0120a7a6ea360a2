package dev.meridian.cli;

import static dev.meridian.cli.DeployJourneyTest.assertSucceeded;
import static dev.meridian.cli.DeployJourneyTest.run;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pinned deployment's bundle reaches the PoP's disk cache before any request asks for it; others wait for one. */
class PinnedDeployTest {

  @TempDir Path dir;

  @Test
  void pinnedBundlesAreFetchedAtDeployAndOthersOnFirstUse() throws Exception {
    try (AllInOneNode node = AllInOneNode.start(AllInOneNode.Options.loopback(dir.resolve("data")))) {
      Map<String, String> env = Map.of("MERIDIAN_API", node.api(), "MERIDIAN_TOKEN", node.adminToken());
      String lazy = bundleOf(run(env, "deploy", project("lazy").toString()));
      String eager = bundleOf(run(env, "deploy", project("eager").toString(), "--pin"));
      Path cache = dir.resolve("data").resolve("pop").resolve("bundles");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!cachedBundles(cache).stream().anyMatch(h -> h.startsWith(eager)) && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      List<String> cached = cachedBundles(cache);
      assertTrue(cached.stream().anyMatch(h -> h.startsWith(eager)), "pinned bundle prefetched: " + cached);
      assertFalse(cached.stream().anyMatch(h -> h.startsWith(lazy)), "unpinned bundle waits for a request: " + cached);
    }
  }

  /**
   * The bundle files in the live PoP's cache directory, only listed: opening a second {@link
   * dev.meridian.bundles.fetch.DiskBundleCache} on it would sweep the PoP's in-flight temporary file
   * as a crash leftover and fail its prefetch.
   */
  private static List<String> cachedBundles(Path cache) throws IOException {
    if (!Files.isDirectory(cache)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(cache)) {
      return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".bundle")).toList();
    }
  }

  /** The bundle hash prefix a deploy printed ({@code sha256 abcdef012345}). */
  private static String bundleOf(String output) {
    assertSucceeded(output);
    int at = output.indexOf("sha256 ");
    return output.substring(at + 7, at + 19);
  }

  private Path project(String name) throws Exception {
    Path project = Files.createDirectories(dir.resolve(name));
    Files.writeString(project.resolve("meridian.toml"), "name = \"" + name + "\"\nmain = \"index.js\"\n");
    Files.writeString(project.resolve("index.js"), "export default { fetch() { return new Response('" + name + "'); } };\n");
    return project;
  }
}
