package dev.meridian.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Distinct hello-world deployments, each its own code (so no cache is shared between them), and a
 * PoP serving them.
 */
final class Workers {

  private Workers() {}

  /**
   * Writes {@code count} deployments {@code d0…d<count-1>} plus one more, {@code d<count>}, that
   * warms the node up and is not measured; starts {@code meridian pop} over them and waits until the
   * extra one answers.
   */
  static NodeProcess popWithHelloDeployments(Path jar, String name, int count) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory(name);
    helloDeployments(dir, count + 1);
    NodeProcess node = NodeProcess.start(jar, dir.resolve("node.log"), "pop", "--deployments", dir.toString(),
        "--port", "{port}");
    try {
      node.awaitReady(unmeasured(count), "/", 60_000);
      return node;
    } catch (IOException | RuntimeException e) {
      node.close();
      throw e;
    }
  }

  /** The host name of the deployment that is not measured. */
  static String unmeasured(int count) {
    return "d" + count + ".localhost";
  }

  private static void helloDeployments(Path dir, int count) throws IOException {
    for (int i = 0; i < count; i++) {
      Path worker = dir.resolve("d" + i);
      Files.createDirectories(worker);
      Files.writeString(worker.resolve("meridian.toml"), "name = \"d" + i + "\"\nmain = \"index.js\"\n");
      Files.writeString(worker.resolve("index.js"), "// deployment " + i + "\nconst id = " + i + ";\n"
          + "export default { fetch() { return new Response('hello from ' + id + '\\n'); } };\n");
    }
  }
}
