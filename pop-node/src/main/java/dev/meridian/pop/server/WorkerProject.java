package dev.meridian.pop.server;

import dev.meridian.bundles.Bundle;
import dev.meridian.bundles.BundleException;
import dev.meridian.bundles.WorkerMetadata;
import dev.meridian.pop.api.kv.KvExtension;
import dev.meridian.pop.io.WorkerLimits;
import dev.meridian.pop.isolate.WorkerDefinition;
import dev.meridian.pop.wasm.WasmEngine;
import dev.meridian.pop.wasm.WasmLoadException;
import dev.meridian.pop.wasm.WasmWorker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A worker on disk, as {@code meridian dev} takes it: a directory holding {@code meridian.toml}, or a
 * single main module file (its directory is the bundle). {@link #load()} reads the files once into
 * memory and names the result by the SHA-256 of config and files, so that a change makes a new
 * version and an unchanged reload reuses the warm isolates.
 */
public final class WorkerProject {

  public static final String CONFIG_FILE = "meridian.toml";
  /** The files of one bundle together, as Workers' compressed-size limit is of the same order. */
  public static final long MAX_BUNDLE_BYTES = 64L * 1024 * 1024;
  private static final Set<String> SKIPPED = Set.of("node_modules", ".git", ".meridian", ".wrangler");
  private static final Set<String> MODULE_TYPES = Set.of("js", "mjs", "wasm", "json", "txt", "html", "bin");

  private final Path root;
  private final Path configFile;
  private final String mainFile;

  private WorkerProject(Path root, Path configFile, String mainFile) {
    this.root = root;
    this.configFile = configFile;
    this.mainFile = mainFile;
  }

  /** A project from a directory with {@code meridian.toml} or a main module file. */
  public static WorkerProject at(Path path) throws WorkerConfig.ConfigException {
    Path absolute = path.toAbsolutePath().normalize();
    if (Files.isDirectory(absolute)) {
      Path config = absolute.resolve(CONFIG_FILE);
      if (!Files.isRegularFile(config)) {
        throw new WorkerConfig.ConfigException(absolute + " has no " + CONFIG_FILE
            + "; give a directory holding one, or the worker's main module file");
      }
      return new WorkerProject(absolute, config, null);
    }
    if (!Files.isRegularFile(absolute)) {
      throw new WorkerConfig.ConfigException(path + " does not exist");
    }
    return new WorkerProject(absolute.getParent(), null, absolute.getFileName().toString());
  }

  /** The directory whose files make up the bundle (watched by {@code meridian dev}). */
  public Path root() {
    return root;
  }

  /**
   * A Wasm worker as read from disk, ready for {@link dev.meridian.pop.wasm.WasmEngine#load}.
   *
   * @param files every file of the directory (any type, not only modules), which the guest sees
   *     read-only; never {@code meridian.toml}, {@code .dev.vars} or dot files
   * @param vars vars, secrets and {@code .dev.vars}, as the guest's environment variables
   */
  public record WasmBundle(String name, String version, String mainModule, Map<String, byte[]> files,
      Map<String, String> vars, WorkerLimits limits, WorkerConfig.WasmSettings settings) {

    /** Parses, checks and compiles the module on {@code engine}, with the interface its config names. */
    public WasmWorker loadInto(WasmEngine engine) throws WasmLoadException {
      String named = settings.interfaceName();
      return engine.load(name, version, mainModule, files, vars, limits,
          named == null ? null : WasmWorker.Interface.named(named));
    }
  }

  /** Reads config and files and returns the worker they define (JavaScript; see {@link #loadWasm}). */
  public WorkerDefinition load() throws WorkerConfig.ConfigException, IOException {
    WorkerConfig config = config();
    if (config.wasm() != null) {
      throw new WorkerConfig.ConfigException(CONFIG_FILE + ": main module '" + config.main()
          + "' is WebAssembly, which this command serves only through meridian dev");
    }
    Map<String, byte[]> files = readFiles(false);
    String main = config.main().startsWith("./") ? config.main().substring(2) : config.main();
    if (!files.containsKey(main)) {
      throw new WorkerConfig.ConfigException(CONFIG_FILE + ": main module '" + config.main() + "' is not in "
          + root + " (module files: .js .mjs .wasm .json .txt .html .bin)");
    }
    Map<String, Object> env = new LinkedHashMap<>(config.vars());
    env.putAll(config.secrets());
    env.putAll(DevVars.read(root.resolve(DevVars.FILE)));
    for (WorkerConfig.KvBinding kv : config.kvNamespaces()) {
      if (env.containsKey(kv.binding())) {
        throw new WorkerConfig.ConfigException(DevVars.FILE + ": '" + kv.binding() + "' is also a KV binding in "
            + CONFIG_FILE + ": env has one value per name, rename one");
      }
      env.put(kv.binding(), KvExtension.descriptor(kv.id()));
    }
    String version = version(configFile == null ? "" : Files.readString(configFile), files);
    return new WorkerDefinition(config.name(), version, main, files::get, env, config.limits(), config.origin(),
        WorkerDefinition.LOCAL_TENANT);
  }

  /** Reads config and files if the main module is a {@code .wasm}; null if it is JavaScript. */
  public @Nullable WasmBundle loadWasm() throws WorkerConfig.ConfigException, IOException {
    WorkerConfig config = config();
    if (config.wasm() == null) {
      return null;
    }
    Map<String, byte[]> files = readFiles(true);
    String main = config.main().startsWith("./") ? config.main().substring(2) : config.main();
    if (!files.containsKey(main)) {
      throw new WorkerConfig.ConfigException(CONFIG_FILE + ": main module '" + config.main() + "' is not in " + root);
    }
    Map<String, String> vars = new LinkedHashMap<>();
    config.vars().forEach((key, value) -> vars.put(key, String.valueOf(value)));
    vars.putAll(config.secrets());
    DevVars.read(root.resolve(DevVars.FILE)).forEach((key, value) -> vars.put(key, String.valueOf(value)));
    String version = version(configFile == null ? "" : Files.readString(configFile), files);
    return new WasmBundle(config.name(), version, main, files, vars, config.limits(), config.wasm());
  }

  /**
   * The project as one deployable bundle: the files {@link #load()} or {@link #loadWasm()} would
   * serve, with the config normalized into the bundle's metadata. {@code [secrets]} and {@code
   * .dev.vars} stay out: they are for development, and a deployed worker's secrets are set on the
   * control plane ({@code meridian secret put}).
   */
  public Bundle bundle() throws WorkerConfig.ConfigException, IOException, BundleException {
    WorkerConfig config = config();
    Map<String, byte[]> files = readFiles(config.wasm() != null);
    String main = config.main().startsWith("./") ? config.main().substring(2) : config.main();
    if (!files.containsKey(main)) {
      throw new WorkerConfig.ConfigException(CONFIG_FILE + ": main module '" + config.main() + "' is not in " + root);
    }
    WorkerLimits limits = config.limits();
    WorkerMetadata metadata = new WorkerMetadata(config.name(), main, config.compatibilityDate(), config.routes(),
        config.vars(), new WorkerMetadata.Limits(limits.heapMb(), limits.cpuMs(), limits.subrequests()),
        config.kvNamespaces().stream().map(kv -> new WorkerMetadata.KvBinding(kv.binding(), kv.id())).toList(),
        config.wasm() == null ? null : config.wasm().interfaceName(), config.origin());
    return Bundle.of(metadata, files);
  }

  /** The parsed {@code meridian.toml} (or the defaults of a single module file). */
  public WorkerConfig config() throws WorkerConfig.ConfigException, IOException {
    return configFile == null
        ? WorkerConfig.forModule(baseName(mainFile), mainFile)
        : WorkerConfig.parse(Files.readString(configFile), configFile.getFileName().toString());
  }

  private Map<String, byte[]> readFiles(boolean anyType) throws IOException, WorkerConfig.ConfigException {
    Map<String, byte[]> files = new TreeMap<>();
    long total = 0;
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
        Path relative = root.relativize(file);
        boolean wanted = anyType
            ? !relative.getFileName().toString().startsWith(".") && !relative.toString().equals(CONFIG_FILE)
            : MODULE_TYPES.contains(extension(file));
        if (skipped(relative) || !wanted) {
          continue;
        }
        byte[] bytes = Files.readAllBytes(file);
        total += bytes.length;
        if (total > MAX_BUNDLE_BYTES) {
          throw new WorkerConfig.ConfigException("the worker's files in " + root + " are larger than "
              + MAX_BUNDLE_BYTES / (1024 * 1024) + " MiB together");
        }
        files.put(relative.toString().replace('\\', '/'), bytes);
      }
    }
    return files;
  }

  private static boolean skipped(Path relative) {
    for (Path part : relative) {
      if (SKIPPED.contains(part.toString())) {
        return true;
      }
    }
    return false;
  }

  private static String extension(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1);
  }

  private static String baseName(String file) {
    int dot = file.lastIndexOf('.');
    String base = dot <= 0 ? file : file.substring(0, dot);
    String cleaned = base.replaceAll("[^A-Za-z0-9_-]", "-");
    return cleaned.isEmpty() ? "worker" : cleaned;
  }

  private static String version(String config, Map<String, byte[]> files) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(config.getBytes(StandardCharsets.UTF_8));
      for (Map.Entry<String, byte[]> file : files.entrySet()) {
        sha.update(file.getKey().getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(file.getValue());
      }
      return HexFormat.of().formatHex(sha.digest(), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
