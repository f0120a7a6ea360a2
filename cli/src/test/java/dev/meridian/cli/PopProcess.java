package dev.meridian.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code meridian pop} in a JVM of its own, started from this test run's classpath, its output in
 * a log file that a failing test prints.
 */
final class PopProcess implements AutoCloseable {

  private final Process process;
  private final Path log;
  final int port;

  private PopProcess(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  static PopProcess start(Path logDir, String id, String... popArgs) throws IOException, InterruptedException {
    int port = freePort();
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
        "-cp", System.getProperty("java.class.path"), Meridian.class.getName(), "pop",
        "--pop-id", id, "--port", String.valueOf(port)));
    command.addAll(List.of(popArgs));
    Path log = logDir.resolve(id + "-" + System.nanoTime() + ".log");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    PopProcess pop = new PopProcess(process, log, port);
    pop.awaitListening(Duration.ofSeconds(60));
    return pop;
  }

  private void awaitListening(Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the PoP exited with " + process.exitValue() + ":\n" + output());
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new IllegalStateException("the PoP did not listen within " + timeout + ":\n" + output());
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
