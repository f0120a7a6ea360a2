package dev.meridian.cli;

import static dev.meridian.cli.DeployJourneyTest.assertSucceeded;
import static dev.meridian.cli.DeployJourneyTest.run;

import dev.meridian.bundles.Bundle;
import dev.meridian.dns.server.RateLimit;
import dev.meridian.kv.replication.PulsarBroker;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7's figures, on loopback with a real broker, a control plane and two PoP processes (not part
 * of the default suite: {@code mvn -pl cli -am test -Dtest=DeployLatencyBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false}, results on standard output and in
 * cli/target/surefire-reports):
 * <ul>
 *   <li>deploy-to-served: from the return of {@code meridian deploy} until both PoPs answer with the
 *       new version, over 50 deploys (each PoP polled every millisecond);
 *   <li>the first request for a never-fetched 1 MB bundle, against the baseline of the same first
 *       request once the bundle is in the PoP's disk cache (the PoP restarted, so the isolate is
 *       cold both times): the difference is what fetching adds.
 * </ul>
 */
@ExtendWith(PulsarBroker.Extension.class)
class DeployLatencyBenchmark {

  @TempDir Path dir;

  @Test
  void measure(PulsarBroker broker) throws Exception {
    try (Backbone backbone = Backbone.pulsar(broker.serviceUrl(), broker.webUrl());
        ControlNode control = ControlNode.start(new ControlNode.Options(dir.resolve("control"), "127.0.0.1", 0,
            Bundle.MAX_BYTES, -1, RateLimit.DEFAULT, ServerCommand.DEFAULT_PLATFORM_DOMAIN, List.of(), List.of(), null), backbone, null)) {
      Map<String, String> env = Map.of("MERIDIAN_API", control.api(),
          "MERIDIAN_TOKEN", control.adminToken());
      Path token = Files.writeString(dir.resolve("node-token"), DeployJourneyTest.mintToken(env, "pops", List.of("node"), null));
      String[] popArgs = {"--control-plane", "http://127.0.0.1:" + control.apiPort(), "--pulsar", broker.serviceUrl(),
          "--secret-key", dir.resolve("control").resolve("secret.key").toString(), "--token-file", token.toString()};
      PopProcess a = PopProcess.start(dir, "pop-a", concat(popArgs, "--data", dir.resolve("pop-a").toString()));
      PopProcess b = PopProcess.start(dir, "pop-b", concat(popArgs, "--data", dir.resolve("pop-b").toString()));
      try {
        deployToServed(env, a, b);
        a = firstRequestOfAMegabyteBundle(env, a, popArgs);
      } finally {
        a.close();
        b.close();
      }
    }
  }

  private void deployToServed(Map<String, String> env, PopProcess a, PopProcess b) throws Exception {
    Path project = project("latency", "latency.example.test", 0);
    double[] millis = new double[50];
    for (int i = -5; i < millis.length; i++) { // five warm-up deploys, discarded
      String version = "v" + (i + 100);
      setAnswer(project, version);
      assertSucceeded(quietly(env, "deploy", project.toString()));
      long deployed = System.nanoTime();
      for (PopProcess pop : List.of(a, b)) {
        while (!RawHttp.get(pop.port, "latency.example.test", "/").body().equals(version)) {
          Thread.sleep(1);
        }
      }
      if (i >= 0) {
        millis[i] = (System.nanoTime() - deployed) / 1e6;
      }
    }
    Arrays.sort(millis);
    System.out.printf("deploy-to-served, both PoPs, 50 deploys: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
        millis[24], millis[49], millis[49]);
  }

  private PopProcess firstRequestOfAMegabyteBundle(Map<String, String> env, PopProcess a, String[] popArgs)
      throws Exception {
    int workers = 20;
    for (int i = 0; i < workers; i++) {
      assertSucceeded(quietly(env, "deploy", project("big" + i, "big" + i + ".example.test", 1 << 20).toString()));
    }
    Thread.sleep(1_000); // every manifest routed before timing starts
    double[] fetching = firstRequests(a, workers);
    a.close();
    PopProcess restarted = PopProcess.start(dir, "pop-a", concat(popArgs, "--data", dir.resolve("pop-a").toString()));
    Thread.sleep(1_000);
    double[] cached = firstRequests(restarted, workers);
    System.out.printf("first request, 1 MB bundle never fetched: p50 %.1f ms; same, bundle in the disk cache: "
        + "p50 %.1f ms; fetching adds %.1f ms at p50%n", fetching[workers / 2], cached[workers / 2],
        fetching[workers / 2] - cached[workers / 2]);
    return restarted;
  }

  private static double[] firstRequests(PopProcess pop, int workers) throws IOException {
    double[] millis = new double[workers];
    for (int i = 0; i < workers; i++) {
      long start = System.nanoTime();
      RawHttp answer = RawHttp.get(pop.port, "big" + i + ".example.test", "/");
      millis[i] = (System.nanoTime() - start) / 1e6;
      if (answer.status() != 200) {
        throw new AssertionError("big" + i + ": " + answer);
      }
    }
    Arrays.sort(millis);
    return millis;
  }

  private Path project(String name, String host, int assetBytes) throws IOException {
    Path project = Files.createDirectories(dir.resolve(name));
    Files.writeString(project.resolve("meridian.toml"), """
        name = "%s"
        main = "index.js"
        routes = ["%s/*"]
        """.formatted(name, host));
    setAnswer(project, name);
    if (assetBytes > 0) {
      byte[] asset = new byte[assetBytes];
      new Random(name.hashCode()).nextBytes(asset);
      Files.write(project.resolve("asset.bin"), asset);
    }
    return project;
  }

  private static void setAnswer(Path project, String answer) throws IOException {
    Files.writeString(project.resolve("index.js"),
        "export default { fetch() { return new Response('" + answer + "'); } };\n");
  }

  private static String quietly(Map<String, String> env, String... args) {
    PrintStream out = System.out;
    System.setOut(new PrintStream(OutputStream.nullOutputStream()));
    try {
      return run(env, args);
    } finally {
      System.setOut(out);
    }
  }

  private static String[] concat(String[] first, String... more) {
    List<String> all = new ArrayList<>(List.of(first));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }
}
