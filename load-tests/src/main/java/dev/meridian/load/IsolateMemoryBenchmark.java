package dev.meridian.load;

import java.nio.file.Path;

/**
 * Resident memory per warm idle isolate: the node's RSS growth over N distinct hello-world
 * deployments, each asked once, divided by N.
 *
 * <p>{@code java -cp load-tests/target/classes dev.meridian.load.IsolateMemoryBenchmark cli/target/meridian.jar [N]}
 */
public final class IsolateMemoryBenchmark {

  private IsolateMemoryBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args[0]);
    int count = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    try (NodeProcess node = Workers.popWithHelloDeployments(jar, "meridian-memory", count)) {
      for (int i = 0; i < 200; i++) {
        node.get(Workers.unmeasured(count), "/"); // warm the JIT and the heap on a deployment not counted
      }
      Thread.sleep(2_000);
      long before = node.rssBytes();
      for (int i = 0; i < count; i++) {
        String response = node.get("d" + i + ".localhost", "/");
        if (!response.startsWith("HTTP/1.1 200")) {
          throw new IllegalStateException("deployment " + i + " answered: " + response);
        }
      }
      Thread.sleep(2_000);
      long after = node.rssBytes();
      System.out.printf("RSS before %.1f MiB, after %d isolates %.1f MiB: %.2f MiB per warm idle isolate%n",
          before / 1048576.0, count, after / 1048576.0, (after - before) / 1048576.0 / count);
    }
  }
}
