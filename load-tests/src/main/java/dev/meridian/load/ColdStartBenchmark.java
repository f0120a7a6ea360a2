package dev.meridian.load;

import java.nio.file.Path;

/**
 * First request to a never-seen deployment on a running node, the bundle on local disk: p50 and p99
 * over N deployments, next to a warm request to an already-loaded deployment on the same node (the
 * baseline). Each deployment's code is distinct, so neither the code cache nor an isolate helps it.
 *
 * <p>{@code java -cp load-tests/target/classes dev.meridian.load.ColdStartBenchmark cli/target/meridian.jar [N]}
 */
public final class ColdStartBenchmark {

  private ColdStartBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args[0]);
    int count = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    try (NodeProcess node = Workers.popWithHelloDeployments(jar, "meridian-cold", count)) {
      double[] warm = new double[count];
      for (int i = 0; i < count; i++) {
        long t = System.nanoTime();
        node.get(Workers.unmeasured(count), "/");
        warm[i] = (System.nanoTime() - t) / 1e6;
      }
      double[] cold = new double[count];
      for (int i = 0; i < count; i++) {
        long t = System.nanoTime();
        String response = node.get("d" + i + ".localhost", "/");
        cold[i] = (System.nanoTime() - t) / 1e6;
        if (!response.startsWith("HTTP/1.1 200") || !response.contains("hello from " + i)) {
          throw new IllegalStateException("deployment " + i + " answered: " + response);
        }
      }
      System.out.printf("first request to a new deployment (%d deployments): p50=%.2f ms p99=%.2f ms%n",
          count, Stats.percentile(cold, 50), Stats.percentile(cold, 99));
      System.out.printf("warm request to a loaded deployment (baseline):     p50=%.2f ms p99=%.2f ms%n",
          Stats.percentile(warm, 50), Stats.percentile(warm, 99));
      System.out.printf("ratio cold/warm p50=%.1f%n", Stats.percentile(cold, 50) / Stats.percentile(warm, 50));
    }
  }
}
