package dev.meridian.load;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code meridian dev} from process start to its first answered request, over R runs (median and
 * worst), next to {@code meridian help} (the floor: the JVM starting and loading the jar).
 *
 * <p>{@code java -cp load-tests/target/classes dev.meridian.load.DevStartupBenchmark cli/target/meridian.jar examples/hello [R]}
 */
public final class DevStartupBenchmark {

  private DevStartupBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args[0]);
    Path project = Path.of(args[1]);
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    Path log = Files.createTempFile("meridian-dev", ".log");
    double[] dev = new double[runs];
    double[] floor = new double[runs];
    for (int r = 0; r < runs; r++) {
      try (NodeProcess node = NodeProcess.start(jar, log, "dev", project.toString(), "--port", "{port}", "--no-tls",
          "--no-watch")) {
        dev[r] = node.awaitReady("127.0.0.1", "/", 60_000) / 1e6;
      }
      long t = System.nanoTime();
      Process help = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-jar", jar.toString(), "help").redirectErrorStream(true).redirectOutput(log.toFile()).start();
      help.waitFor();
      floor[r] = (System.nanoTime() - t) / 1e6;
    }
    System.out.printf("meridian dev, process start to first answer: median=%.0f ms worst=%.0f ms (%d runs)%n",
        Stats.percentile(dev, 50), Stats.percentile(dev, 100), runs);
    System.out.printf("meridian help, start to exit (baseline):      median=%.0f ms%n", Stats.percentile(floor, 50));
  }
}
