package dev.meridian.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A Meridian process started from the runnable jar, with the little HTTP a benchmark needs. */
final class NodeProcess implements AutoCloseable {

  final Process process;
  final int port;
  final long startNanos;

  private NodeProcess(Process process, int port, long startNanos) {
    this.process = process;
    this.port = port;
    this.startNanos = startNanos;
  }

  /** Starts {@code java -jar JAR ARGS...} with {@code {port}} in the arguments replaced by a free port. */
  static NodeProcess start(Path jar, Path log, String... args) throws IOException {
    int port = freePort();
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-native-access=ALL-UNNAMED",
        "-jar", jar.toString()));
    for (String arg : args) {
      command.add(arg.replace("{port}", Integer.toString(port)));
    }
    long start = System.nanoTime();
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new NodeProcess(process, port, start);
  }

  /** Waits until {@code GET path} with {@code host} answers 200; returns nanoseconds since the start. */
  long awaitReady(String host, String path, long timeoutMillis) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("the node exited with " + process.exitValue());
      }
      try {
        if (get(host, path).startsWith("HTTP/1.1 200")) {
          return System.nanoTime() - startNanos;
        }
      } catch (IOException e) {
        Thread.sleep(2);
      }
    }
    throw new IOException("the node did not answer within " + timeoutMillis + " ms");
  }

  /** One HTTP/1.1 request on a fresh connection; returns the whole response as text. */
  String get(String host, String path) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The process's resident set size, in bytes, from /proc. */
  long rssBytes() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    throw new IOException("no VmRSS for process " + process.pid());
  }

  /**
   * CPU time process {@code pid} has used, user plus system, in seconds (from /proc/PID/stat, in
   * USER_HZ ticks of 10 ms): what the work cost the server whatever else shares the machine.
   */
  static double cpuSeconds(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
