package dev.meridian.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.bundles.Bundle;
import dev.meridian.bundles.BundleException;
import dev.meridian.kv.KvConfig;
import dev.meridian.kv.KvStore;
import dev.meridian.pop.isolate.WorkerDefinition;
import dev.meridian.pop.isolate.WorkerLoadException;
import dev.meridian.pop.isolate.WorkerRuntime;
import dev.meridian.pop.server.WorkerConfig;
import dev.meridian.pop.server.WorkerProject;
import dev.meridian.pop.wasm.WasmEngine;
import dev.meridian.pop.wasm.WasmLoadException;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * {@code meridian deploy [PATH] [--percent P] [--dry-run]}: runs the {@code [build]} command, bundles
 * the worker (the modules and files its main module needs, with the config as the bundle's
 * metadata), compiles it in a throwaway isolate so a syntax error stops here and not on a PoP,
 * uploads the bundle as a new version and makes the deployment serve it.
 */
final class DeployCommand implements Meridian.Command {

  static final String USAGE = "usage: meridian deploy [PATH] [--percent P] [--pin | --unpin] [--dry-run]\n"
      + "  PATH       a directory holding meridian.toml, or the main module (default: the current directory)\n"
      + "  --percent  serve the new version to P% of requests, the current version to the rest (default 100)\n"
      + "  --dry-run  build, bundle and check, upload nothing\n"
      + "  --pin      PoPs fetch this worker's bundles when it is deployed, not on its first request (--unpin undoes)\n"
      + "The control plane and token come from MERIDIAN_API / MERIDIAN_TOKEN or `meridian login`.\n";

  @Override
  public String summary() {
    return "bundle, check and upload a worker, and serve the new version";
  }

  @Override
  public int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) throws Exception {
    CommandLine line = CommandLine.parse(args, Set.of("--percent"), Set.of("--dry-run", "--pin", "--unpin"), USAGE, out);
    if (line == null) {
      return 0;
    }
    String path = line.optionalWord(USAGE);
    String percent = line.value("--percent");
    if (line.has("--pin") && line.has("--unpin")) {
      throw new Meridian.UsageException("--pin and --unpin contradict each other; give one\n" + USAGE);
    }
    Boolean pinned = line.has("--pin") ? Boolean.TRUE : line.has("--unpin") ? Boolean.FALSE : null;
    return deploy(path == null ? "." : path, percent == null ? 100 : Args.percent(percent, "--percent"),
        line.has("--dry-run"), pinned, env, out, err);
  }

  /** Deploys the worker at {@code path}, with the control plane and token that {@code environment} gives. */
  int deploy(String path, int percent, boolean dryRun, @Nullable Boolean pinned, Map<String, String> environment,
      PrintStream out, PrintStream err) throws Exception {
    long started = System.nanoTime();
    WorkerProject project;
    WorkerConfig config;
    try {
      project = WorkerProject.at(Path.of(path));
      config = project.config();
    } catch (WorkerConfig.ConfigException e) {
      err.println("meridian deploy: " + e.getMessage());
      return 1;
    }
    if (config.build() != null && !build(project.root(), config.build(), err)) {
      return 1;
    }
    if (!config.secrets().isEmpty()) {
      err.println("meridian deploy: [secrets] in " + WorkerProject.CONFIG_FILE + " are for `meridian dev` only and are "
          + "not uploaded; set each with `meridian secret put NAME`");
    }
    Bundle bundle;
    try {
      Set<String> imported = new TreeSet<>();
      String problem = check(project, config, imported);
      if (problem != null) {
        err.println("meridian deploy: the worker does not load, nothing was uploaded:\n  " + problem);
        return 1;
      }
      bundle = onlyImported(project.bundle(), imported);
    } catch (WorkerConfig.ConfigException | BundleException e) {
      err.println("meridian deploy: " + e.getMessage());
      return 1;
    }
    out.printf("bundled %s: %d files, %s, sha256 %s%n", config.name(), bundle.files().size(), size(bundle.size()),
        bundle.hash().substring(0, 12));
    if (dryRun) {
      out.println("dry run: nothing uploaded");
      return 0;
    }
    ApiClient api = new ApiClient(Credentials.resolve(environment));
    String worker = "/v1/workers/" + ApiClient.encode(config.name());
    JsonNode version = api.postBytes(worker + "/versions", "application/zip", bundle.encode());
    Deployments deployments = new Deployments(api, config.name());
    Map<String, Integer> shares = new LinkedHashMap<>();
    shares.put(version.path("id").asText(), percent);
    if (percent < 100) {
      String stable = Deployments.main(deployments.current());
      if (stable == null) {
        throw new Meridian.UsageException("--percent needs a version already serving, and " + config.name()
            + " has none yet: deploy without --percent first (version " + version.path("number").asText() + " was uploaded)");
      }
      shares.put(stable, 100 - percent);
    }
    JsonNode deployment = deployments.deploy(shares, pinned);
    out.printf("deployed %s version %s (%s) in %d ms: %s%n", config.name(), version.path("number").asText(),
        version.path("id").asText(), Duration.ofNanos(System.nanoTime() - started).toMillis(),
        Deployments.describe(deployment));
    for (String route : config.routes()) {
      out.println("  route: " + route);
    }
    return 0;
  }

  /** Runs the {@code [build]} command through the shell, its output on our stderr. */
  private static boolean build(Path root, WorkerConfig.Build build, PrintStream err)
      throws IOException, InterruptedException {
    Path dir = build.cwd() == null ? root : root.resolve(build.cwd()).normalize();
    err.println("meridian deploy: running [build] command in " + dir + ": " + build.command());
    Process process = new ProcessBuilder("sh", "-c", build.command()).directory(dir.toFile())
        .redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    int exit = process.waitFor();
    if (exit != 0) {
      err.println("meridian deploy: the [build] command exited with " + exit + "; nothing was uploaded");
      return false;
    }
    return true;
  }

  /**
   * A JavaScript worker's bundle holds the modules its main module imports, as the check loaded them
   * ({@code imported}), not every file beside it. A module that imports dynamically ({@code import(})
   * may load any of them at run time, so then the bundle keeps them all.
   */
  private static Bundle onlyImported(Bundle all, Set<String> imported) throws BundleException {
    if (all.metadata().main().endsWith(".wasm")) {
      return all;
    }
    for (String name : imported) {
      byte[] source = all.file(name);
      if (name.matches(".*\\.m?js") && source != null
          && new String(source, StandardCharsets.UTF_8).contains("import(")) {
        return all;
      }
    }
    Map<String, byte[]> files = new TreeMap<>(all.files());
    files.keySet().retainAll(imported);
    return Bundle.of(all.metadata(), files);
  }

  /**
   * Loads the worker the way a PoP will (compile, link, evaluate the modules; compile a Wasm main
   * module), in a runtime of its own that is thrown away; null when it loads. The files the module
   * loader read go to {@code imported}.
   */
  private static String check(WorkerProject project, WorkerConfig config, Set<String> imported)
      throws WorkerConfig.ConfigException, IOException, InterruptedException {
    if (config.wasm() != null) {
      try (WasmEngine engine = WasmEngine.start(WasmEngine.Config.defaults())) {
        project.loadWasm().loadInto(engine).close();
        return null;
      } catch (WasmLoadException e) {
        return e.getMessage();
      }
    }
    WorkerDefinition loaded = project.load();
    Set<String> read = ConcurrentHashMap.newKeySet();
    WorkerDefinition definition = new WorkerDefinition(loaded.name(), loaded.version(), loaded.mainModule(), path -> {
      byte[] bytes = loaded.modules().read(path);
      if (bytes != null) {
        read.add(path);
      }
      return bytes;
    }, loaded.env(), loaded.limits(), loaded.origin(), loaded.tenant());
    // KV bindings open their namespace when the worker loads: a store of its own, thrown away after.
    Path scratch = Files.createTempDirectory("meridian-check-");
    try (KvStore kv = KvStore.open(KvConfig.singleNode(1, scratch));
        WorkerRuntime runtime = WorkerRuntime.start(WorkerRuntime.Config.defaults().withThreads(1)
            .withService(KvStore.class, kv))) {
      WorkerLoadException error = runtime.check(definition).get(60, TimeUnit.SECONDS);
      imported.addAll(read);
      return error == null ? null : error.getMessage();
    } catch (ExecutionException | TimeoutException e) {
      return "the check did not finish: " + e.getMessage();
    } finally {
      try (Stream<Path> files = Files.walk(scratch)) {
        files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
      }
    }
  }

  private static String size(long bytes) {
    return bytes < 1024 ? bytes + " B" : bytes < 1 << 20 ? String.format("%.1f KiB", bytes / 1024.0)
        : String.format("%.1f MiB", bytes / (1024.0 * 1024));
  }
}
