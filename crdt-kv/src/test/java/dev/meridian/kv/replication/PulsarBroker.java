package dev.meridian.kv.replication;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A real Apache Pulsar 4.2.4 standalone broker in a separate JVM, shared by every test class of
 * the run that asks for it (declare {@code @ExtendWith(PulsarBroker.Extension.class)} and take a
 * {@code PulsarBroker} parameter). Stopped when the run ends.
 *
 * <p>The broker's classpath comes from {@code src/test/pulsar-broker/pom.xml}, which imports the
 * {@code org.apache.pulsar:pulsar} BOM that the reactor must not see; it is resolved once with the
 * Maven that runs the build and cached in {@code target/pulsar-broker/classpath.txt}. Ports are
 * free loopback ports written into a generated {@code standalone.conf}. Readiness is the admin
 * API listing the {@code pulsar} tenant, which standalone creates after {@code public/default}.
 */
public final class PulsarBroker implements AutoCloseable {

  /** Startup takes 5–15 s on two busy cores; allow far more before calling it failed. */
  static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

  private final Process process;
  private final Path workDir;
  private final int brokerPort;
  private final int webPort;

  private PulsarBroker(Process process, Path workDir, int brokerPort, int webPort) {
    this.process = process;
    this.workDir = workDir;
    this.brokerPort = brokerPort;
    this.webPort = webPort;
  }

  public String serviceUrl() {
    return "pulsar://127.0.0.1:" + brokerPort;
  }

  public String webUrl() {
    return "http://127.0.0.1:" + webPort;
  }

  static PulsarBroker start() throws IOException, InterruptedException {
    Path target = Path.of(System.getProperty("kv.target", "target")).toAbsolutePath();
    Path brokerPom = Path.of(System.getProperty("kv.broker.pom", "src/test/pulsar-broker/pom.xml")).toAbsolutePath();
    Path home = target.resolve("pulsar-broker");
    Files.createDirectories(home);
    String classpath = classpath(brokerPom, home.resolve("classpath.txt"));

    Path work = Files.createTempDirectory(home, "run-");
    int brokerPort = freePort();
    int webPort = freePort();
    String conf = Files.readString(brokerPom.resolveSibling("standalone.conf.template"))
        .replace("${brokerServicePort}", Integer.toString(brokerPort))
        .replace("${webServicePort}", Integer.toString(webPort));
    Path confFile = work.resolve("standalone.conf");
    Files.writeString(confFile, conf);

    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-Xms256m", "-Xmx512m", "-XX:MaxDirectMemorySize=512m",
        "-XX:TieredStopAtLevel=1",
        "--add-opens", "java.base/java.nio=ALL-UNNAMED",
        "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED",
        "--add-opens", "java.management/sun.management=ALL-UNNAMED",
        "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
        "-Dio.netty.tryReflectionSetAccessible=true",
        "-Dlog4j2.configurationFile=" + brokerPom.resolveSibling("log4j2.xml"),
        "-Dpulsar.log.file=" + work.resolve("pulsar.log"),
        "-cp", classpath, "org.apache.pulsar.PulsarStandaloneStarter",
        "--config", confFile.toString(),
        "--metadata-dir", work.resolve("metadata").toString(),
        "--bookkeeper-dir", work.resolve("bookkeeper").toString(),
        "--zookeeper-dir", work.resolve("zk-unused").toString(),
        "--wipe-data", "--no-functions-worker", "--no-stream-storage"));
    Process p = new ProcessBuilder(cmd).directory(work.toFile())
        .redirectErrorStream(true).redirectOutput(work.resolve("stdout.log").toFile()).start();
    PulsarBroker broker = new PulsarBroker(p, work, brokerPort, webPort);
    Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
    try {
      broker.awaitReady();
    } catch (IOException | RuntimeException | InterruptedException e) {
      broker.close();
      throw e;
    }
    return broker;
  }

  private void awaitReady() throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest req = HttpRequest.newBuilder(URI.create(webUrl() + "/admin/v2/tenants"))
        .timeout(Duration.ofSeconds(5)).build();
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Pulsar broker exited with " + process.exitValue() + "; see "
            + workDir.resolve("stdout.log") + " and pulsar.log");
      }
      try {
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200 && r.body().contains("\"pulsar\"")) {
          return;
        }
      } catch (IOException notYet) {
        // the web port is not listening yet
      }
      TimeUnit.MILLISECONDS.sleep(200); // bounded polling of an external process
    }
    throw new IllegalStateException("Pulsar broker not ready after " + READY_TIMEOUT + "; see " + workDir);
  }

  /** Resolves the broker's classpath with Maven once; reuses it while the pom is unchanged. */
  private static String classpath(Path pom, Path out) throws IOException, InterruptedException {
    if (Files.exists(out) && Files.getLastModifiedTime(out).compareTo(Files.getLastModifiedTime(pom)) > 0) {
      return Files.readString(out).trim();
    }
    String mavenHome = System.getProperty("maven.home");
    Path mvn = mavenHome == null ? null : Path.of(mavenHome, "bin", "mvn");
    List<String> cmd = new ArrayList<>(List.of(mvn != null && Files.isExecutable(mvn) ? mvn.toString() : "mvn",
        "-q", "-B", "-f", pom.toString(), "dependency:build-classpath", "-Dmdep.outputFile=" + out));
    String repo = System.getProperty("maven.repo.local");
    if (repo != null && !repo.isBlank()) {
      cmd.add("-Dmaven.repo.local=" + repo);
    }
    Path log = out.resolveSibling("classpath-mvn.log");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putIfAbsent("JAVA_HOME", System.getProperty("java.home"));
    Process p = pb.start();
    if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException("resolving the Pulsar broker classpath failed (" + String.join(" ", cmd)
          + "); see " + log + ":\n" + Files.readString(log, StandardCharsets.UTF_8));
    }
    return Files.readString(out).trim();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }

  /** SIGTERM (the broker's shutdown hook closes it cleanly), then SIGKILL if it lingers. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** Hands test methods the one broker of the run, starting it on first use. */
  public static final class Extension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
      return p.getParameter().getType() == PulsarBroker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
      return e.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
          .getOrComputeIfAbsent(PulsarBroker.class, k -> {
            try {
              return start();
            } catch (IOException ex) {
              throw new UncheckedIOException(ex);
            } catch (InterruptedException ex) {
              Thread.currentThread().interrupt();
              throw new IllegalStateException(ex);
            }
          }, PulsarBroker.class);
    }
  }
}
