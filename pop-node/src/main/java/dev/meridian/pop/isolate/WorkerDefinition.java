package dev.meridian.pop.isolate;

import dev.meridian.pop.io.WorkerLimits;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Everything the runtime needs to run one version of one worker, and nothing about where it came
 * from: the server builds it from a {@code meridian.toml} or a deployment manifest.
 *
 * @param name the deployment's name, for logs and errors
 * @param version identifies the exact code and config; isolates are pooled per version
 * @param mainModule the path of the main module inside {@code modules}
 * @param modules the bundle's files
 * @param env the {@code env} object's plain values (vars and secrets), JSON-compatible
 * @param limits heap, CPU and subrequest limits
 * @param origin where {@code passThroughOnException()} sends a request, or null if nowhere
 */
public record WorkerDefinition(
    String name,
    String version,
    String mainModule,
    ModuleSource modules,
    Map<String, Object> env,
    WorkerLimits limits,
    @Nullable String origin) {

  public WorkerDefinition {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(mainModule, "mainModule");
    Objects.requireNonNull(modules, "modules");
    env = Map.copyOf(env);
    Objects.requireNonNull(limits, "limits");
  }

  /** The key isolates are pooled under. */
  String key() {
    return name + "@" + version;
  }

  /** The files of a worker's bundle, by path relative to the bundle's root ({@code src/index.js}). */
  @FunctionalInterface
  public interface ModuleSource {
    /** The file's bytes, or null if the bundle has no such file. */
    byte @Nullable [] read(String path);
  }
}
