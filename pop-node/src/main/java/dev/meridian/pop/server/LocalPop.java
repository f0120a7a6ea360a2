package dev.meridian.pop.server;

import dev.meridian.kv.KvStore;
import dev.meridian.pop.http.HttpFront;
import dev.meridian.pop.http.HttpLimits;
import dev.meridian.pop.io.WorkerExchange;
import dev.meridian.pop.isolate.WorkerRuntime;
import dev.meridian.pop.wasm.WasmEngine;
import dev.meridian.pop.wasm.WasmLoadException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * A PoP serving every worker found in a local directory ({@code DIR/<worker>/meridian.toml}), routed
 * by the workers' {@code routes} and by {@code <name>.localhost}; JavaScript workers run in isolates,
 * WebAssembly ones (a {@code .wasm} main module) on the Wasm engine. Only the configs are read at start;
 * a worker's files are read and its isolate started by the first request that needs it, as a PoP
 * does with a bundle it has on disk but has not served yet. Workers' KV namespaces live in {@code
 * DIR/.meridian/kv} (one node, no replication) unless the runtime config brings a store.
 */
public final class LocalPop implements AutoCloseable {

  private final WorkerRuntime runtime;
  private final HttpFront front;
  private final RouteTable<WorkerProject> routes = new RouteTable<>();
  private final WasmEngine wasm;
  private final Map<WorkerProject, ServedWorker> loaded = new ConcurrentHashMap<>();
  private final List<KvStore> stores = new ArrayList<>();

  private LocalPop(Path deployments, HttpFront.Config http, WorkerRuntime.Config runtimeConfig)
      throws IOException, WorkerConfig.ConfigException, InterruptedException {
    try (Stream<Path> children = Files.list(deployments)) {
      for (Path dir : (Iterable<Path>) children.sorted()::iterator) {
        Path config = dir.resolve(WorkerProject.CONFIG_FILE);
        if (!Files.isRegularFile(config)) {
          continue;
        }
        WorkerConfig parsed = WorkerConfig.parse(Files.readString(config), dir.getFileName() + "/" + WorkerProject.CONFIG_FILE);
        WorkerProject project = WorkerProject.at(dir);
        routes.add(parsed.name() + ".localhost/*", project);
        for (String route : parsed.routes()) {
          routes.add(route, project);
        }
      }
    }
    this.runtime = WorkerRuntime.start(LocalKv.withStore(runtimeConfig, deployments, stores));
    this.wasm = WasmEngine.start(WasmEngine.Config.defaults().withLogSink(runtimeConfig.logSink()));
    try {
      this.front = HttpFront.start(http, this::dispatch);
    } catch (InterruptedException | RuntimeException e) {
      wasm.close();
      runtime.close();
      stores.forEach(KvStore::close);
      throw e;
    }
  }

  public static LocalPop start(Path deployments, HttpFront.Config http, WorkerRuntime.Config runtime)
      throws IOException, WorkerConfig.ConfigException, InterruptedException {
    return new LocalPop(deployments, http, runtime);
  }

  public int port() {
    return front.port();
  }

  public int routes() {
    return routes.size();
  }

  private void dispatch(WorkerExchange exchange) {
    URI url = URI.create(exchange.url());
    WorkerProject project = routes.match(url.getAuthority() == null ? "" : url.getAuthority(), url.getRawPath());
    if (project == null) {
      ServedWorker.answer(exchange, 404, "no worker is routed for " + url.getAuthority() + url.getRawPath() + "\n");
      return;
    }
    loaded.computeIfAbsent(project, this::load).dispatch(runtime, wasm, exchange);
  }

  private ServedWorker load(WorkerProject project) {
    try {
      WorkerProject.WasmBundle bundle = project.loadWasm();
      return bundle != null ? ServedWorker.wasm(bundle.loadInto(wasm)) : ServedWorker.javascript(project.load());
    } catch (IOException | WorkerConfig.ConfigException | WasmLoadException e) {
      return ServedWorker.failed(e.getMessage());
    }
  }

  /** Isolates alive now. */
  public long isolates() {
    return runtime.isolates();
  }

  @Override
  public void close() {
    front.close();
    loaded.values().forEach(ServedWorker::close);
    wasm.close();
    runtime.close();
    stores.forEach(KvStore::close);
  }

  /** The defaults of the HTTP side of a local PoP on {@code port}. */
  public static HttpFront.Config http(String host, int port) {
    return new HttpFront.Config(host, port, -1, null, HttpLimits.DEFAULTS, HttpFront.DEFAULT_DRAIN_TIMEOUT);
  }
}
