package dev.meridian.pop.wasm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds the test guests from their sources (in this package's test resources) into a directory:
 * C with Debian's {@code clang --target=wasm32-wasi}, WAT with {@code wat2wasm}. The tools are
 * installed by {@code .ci/run} (clang, lld, wasi-libc, libclang-rt-14-dev-wasm32, wabt); a missing
 * tool fails the test with what to install.
 */
final class Guests {

  private static final String TOOLS =
      "install the guest toolchain: apt-get install -y clang lld wasi-libc libclang-rt-14-dev-wasm32 wabt";

  private final Path directory;

  Guests(Path directory) {
    this.directory = directory;
  }

  /** Compiles {@code name.c}, a WASI command, to {@code name.wasm} and returns its bytes. */
  byte[] c(String name) throws IOException, InterruptedException {
    Path source = source(name + ".c");
    Path out = directory.resolve(name + ".wasm");
    run(List.of("clang", "--target=wasm32-wasi", "-O2", "-Wl,--strip-debug", "-o", out.toString(),
        source.toString()));
    return Files.readAllBytes(out);
  }

  /**
   * Compiles {@code name.c}, a native-interface reactor, against the repository's {@code
   * wit/meridian_http.h} (found from the module's directory, where Maven runs the tests).
   */
  byte[] nativeC(String name) throws IOException, InterruptedException {
    Path wit = Path.of("").toAbsolutePath().resolveSibling("wit");
    if (!Files.isRegularFile(wit.resolve("meridian_http.h"))) {
      throw new IOException("no meridian_http.h in " + wit + ": run the tests from pop-node/ in the repository");
    }
    Path source = source(name + ".c");
    Path out = directory.resolve(name + ".wasm");
    run(List.of("clang", "--target=wasm32-wasi", "-O2", "-mexec-model=reactor", "-Wl,--strip-debug",
        "-I", wit.toString(), "-o", out.toString(), source.toString()));
    return Files.readAllBytes(out);
  }

  /** Compiles {@code name.c} for bare wasm32 (no libc, no imports, exports of its own) and returns its bytes. */
  byte[] kernel(String name) throws IOException, InterruptedException {
    Path source = source(name + ".c");
    Path out = directory.resolve(name + ".wasm");
    run(List.of("clang", "--target=wasm32", "-O2", "-nostdlib", "-Wl,--no-entry", "-o", out.toString(),
        source.toString()));
    return Files.readAllBytes(out);
  }

  /** Compiles {@code name.c} natively with {@code -DNATIVE_MAIN}, runs it, returns its best_ms. */
  double nativeKernel(String name) throws IOException, InterruptedException {
    Path source = source(name + ".c");
    Path out = directory.resolve(name + "-native");
    run(List.of("clang", "-O2", "-DNATIVE_MAIN", "-o", out.toString(), source.toString()));
    Process process = new ProcessBuilder(out.toString()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor();
    java.util.regex.Matcher best = java.util.regex.Pattern.compile("best_ms=([0-9.]+)").matcher(output);
    if (!best.find()) {
      throw new IOException("the native kernel printed no best_ms: " + output);
    }
    return Double.parseDouble(best.group(1));
  }

  /** Assembles {@code name.wat} to {@code name.wasm} and returns its bytes. */
  byte[] wat(String name) throws IOException, InterruptedException {
    Path source = source(name + ".wat");
    Path out = directory.resolve(name + ".wasm");
    run(List.of("wat2wasm", "-o", out.toString(), source.toString()));
    return Files.readAllBytes(out);
  }

  private Path source(String file) throws IOException {
    Path path = directory.resolve("src").resolve(file);
    Files.createDirectories(path.getParent());
    try (InputStream in = Guests.class.getResourceAsStream(file)) {
      if (in == null) {
        throw new IOException("no test resource " + file + " beside " + Guests.class.getName());
      }
      Files.write(path, in.readAllBytes());
    }
    return path;
  }

  private void run(List<String> command) throws IOException, InterruptedException {
    Process process;
    try {
      process = new ProcessBuilder(new ArrayList<>(command)).directory(directory.toFile())
          .redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IOException(command.get(0) + " is not installed (" + e.getMessage() + "); " + TOOLS, e);
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException(String.join(" ", command) + " did not finish in 60 s");
    }
    if (process.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed (exit " + process.exitValue() + "):\n" + output
          + "\n(" + TOOLS + ")");
    }
  }
}
