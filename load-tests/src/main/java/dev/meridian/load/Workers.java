package dev.meridian.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes N distinct hello-world deployments, each its own code, so no cache is shared between them. */
final class Workers {

  private Workers() {}

  static void helloDeployments(Path dir, int count) throws IOException {
    for (int i = 0; i < count; i++) {
      Path worker = dir.resolve("d" + i);
      Files.createDirectories(worker);
      Files.writeString(worker.resolve("meridian.toml"), "name = \"d" + i + "\"\nmain = \"index.js\"\n");
      Files.writeString(worker.resolve("index.js"), "// deployment " + i + "\nconst id = " + i + ";\n"
          + "export default { fetch() { return new Response('hello from ' + id + '\\n'); } };\n");
    }
  }
}
