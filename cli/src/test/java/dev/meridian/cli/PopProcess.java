package dev.meridian.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code meridian pop} in a JVM of its own, started from this test run's classpath, its output in
 * a log file that a failing test prints.
 */
final class PopProcess implements AutoCloseable {

  private static final Pattern LISTENING = Pattern.compile("listening on http://[^:\\s]+:(\\d+)");

  private final Process process;
  private final Path log;
  final int port;

  private PopProcess(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  /**
   * Starts the PoP on a port of its choosing (no port is picked here and freed before the child
   * binds it) and returns once it says it listens, which it does after its manifests are replayed.
   */
  static PopProcess start(Path logDir, String id, String... popArgs) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
        "-cp", System.getProperty("java.class.path"), Meridian.class.getName(), "pop",
        "--pop-id", id, "--port", "0"));
    command.addAll(List.of(popArgs));
    Path log = logDir.resolve(id + "-" + System.nanoTime() + ".log");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      return new PopProcess(process, log, awaitListening(process, log, Duration.ofSeconds(60)));
    } catch (IllegalStateException | IOException | InterruptedException e) {
      process.destroyForcibly();
      throw e;
    }
  }

  private static int awaitListening(Process process, Path log, Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Matcher listening = LISTENING.matcher(Files.readString(log));
      if (listening.find()) {
        return Integer.parseInt(listening.group(1));
      }
      if (!process.isAlive()) {
        throw new IllegalStateException("the PoP exited with " + process.exitValue() + ":\n" + Files.readString(log));
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the PoP did not listen within " + timeout + ":\n" + Files.readString(log));
  }

  String output() throws IOException {
    return Files.readString(log);
  }

  /** Stops the process as an operator would (SIGTERM: graceful), killing it if it lingers. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
