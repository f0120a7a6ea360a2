package dev.meridian.pop.server;

import dev.meridian.pop.http.HttpLimits;
import dev.meridian.pop.isolate.WorkerRuntime;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@link DevServer} in a JVM of its own, for tests that need to bound its memory or kill it:
 * {@code main(projectDir, portFile)} serves the project and writes its port to the file.
 */
public final class DevServerProcess implements AutoCloseable {

  private final Process process;
  private final int port;

  private DevServerProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts a child JVM with the given JVM options serving {@code project}; waits until it listens. */
  public static DevServerProcess start(Path project, Path work, String... jvmOptions) throws Exception {
    Path portFile = work.resolve("port");
    Files.deleteIfExists(portFile);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(jvmOptions));
    command.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
        DevServerProcess.class.getName(), project.toString(), portFile.toString()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(work.resolve("server.log").toFile()).start();
    for (int i = 0; i < 6000 && !Files.exists(portFile); i++) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the server exited: " + Files.readString(work.resolve("server.log")));
      }
      Thread.sleep(10);
    }
    if (!Files.exists(portFile)) {
      process.destroyForcibly();
      throw new IllegalStateException("the server did not start: " + Files.readString(work.resolve("server.log")));
    }
    return new DevServerProcess(process, Integer.parseInt(Files.readString(portFile).strip()));
  }

  public int port() {
    return port;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Asks for a graceful stop (SIGTERM) and waits for the exit code. */
  public int terminate() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    return process.exitValue();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  public static void main(String[] args) throws Exception {
    PrintStream out = System.out;
    DevServer server = DevServer.start(new DevServer.Options(Path.of(args[0]), "127.0.0.1", 0, -1,
        Path.of(args[1]).getParent().resolve("certs"), false, HttpLimits.DEFAULTS,
        WorkerRuntime.Config.defaults()), out);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    Path tmp = Path.of(args[1] + ".tmp");
    Files.writeString(tmp, Integer.toString(server.port()));
    Files.move(tmp, Path.of(args[1]));
    Thread.currentThread().join();
  }

  static void writeFile(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }
}
