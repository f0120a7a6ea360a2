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
 * @param tenant who owns the deployment; bindings reach only this tenant's resources (its KV
 *     namespaces). The control plane sets it from the deploying tenant; a local node ({@code meridian
 *     dev}, {@code meridian pop}) serves everything as {@link #LOCAL_TENANT}.
 */
public record WorkerDefinition(
    String name,
    String version,
    String mainModule,
    ModuleSource modules,
    Map<String, Object> env,
    WorkerLimits limits,
    @Nullable String origin,
    String tenant) {

  /** The one tenant of a node that serves a developer's own workers from disk. */
  public static final String LOCAL_TENANT = "dev";

  public WorkerDefinition {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(mainModule, "mainModule");
    Objects.requireNonNull(modules, "modules");
    env = Map.copyOf(env);
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(tenant, "tenant");
  }

  /** A worker of {@link #LOCAL_TENANT}, for local nodes and tests. */
  public WorkerDefinition(String name, String version, String mainModule, ModuleSource modules,
      Map<String, Object> env, WorkerLimits limits, @Nullable String origin) {
    this(name, version, mainModule, modules, env, limits, origin, LOCAL_TENANT);
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
