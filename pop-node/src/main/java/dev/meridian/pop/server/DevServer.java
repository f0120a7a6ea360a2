package dev.meridian.pop.server;

import dev.meridian.kv.KvStore;
import dev.meridian.pop.http.HttpFront;
import dev.meridian.pop.http.TlsCertificates;
import dev.meridian.pop.http.HttpLimits;
import dev.meridian.pop.io.WorkerExchange;
import dev.meridian.pop.isolate.WorkerDefinition;
import dev.meridian.pop.isolate.WorkerLoadException;
import dev.meridian.pop.isolate.WorkerRuntime;
import dev.meridian.pop.wasm.WasmEngine;
import dev.meridian.pop.wasm.WasmLoadException;
import dev.meridian.pop.wasm.WasmWorker;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * {@code meridian dev}: one worker from a local directory, served on a cleartext port (HTTP/1.1 and
 * h2c) and a TLS port (h2 and http/1.1 with a development certificate), reloaded when its files
 * change. A change that does not load is reported with file, line and column, and the last version
 * that did keeps serving; until a first version loads, requests get the error. KV namespaces live in
 * {@code .meridian/kv} beside the worker (one node, no replication) unless the runtime config brings
 * a store. A {@code .wasm} main module is served by a {@link WasmEngine} instead of the isolate
 * runtime (a WASI command, CGI-style), with no config needed.
 */
public final class DevServer implements AutoCloseable {

  public static final int DEFAULT_PORT = 8787;
  /** How long the watcher waits for a burst of file events (an editor's save) to settle. */
  static final Duration SETTLE = Duration.ofMillis(100);

  /**
   * What to serve and where.
   *
   * @param project the worker's directory or main module file
   * @param host the address to bind
   * @param port the cleartext port (0 for any free one)
   * @param tlsPort the TLS port (0 for any free one, -1 for none)
   * @param http3Port HTTP/3's UDP port: {@link HttpFront#HTTP3_OFF}, {@link HttpFront#HTTP3_ON_TLS_PORT} or a port
   * @param certificateDirectory where the development certificate lives
   * @param watch whether to reload on file changes
   * @param limits HTTP limits
   * @param runtime the isolate runtime's settings
   */
  public record Options(Path project, String host, int port, int tlsPort, int http3Port, Path certificateDirectory,
      boolean watch, HttpLimits limits, WorkerRuntime.Config runtime) {
    public Options {
      Objects.requireNonNull(project, "project");
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(certificateDirectory, "certificateDirectory");
      Objects.requireNonNull(limits, "limits");
      Objects.requireNonNull(runtime, "runtime");
    }

    /** Without HTTP/3. */
    public Options(Path project, String host, int port, int tlsPort, Path certificateDirectory, boolean watch,
        HttpLimits limits, WorkerRuntime.Config runtime) {
      this(project, host, port, tlsPort, HttpFront.HTTP3_OFF, certificateDirectory, watch, limits, runtime);
    }
  }

  private final Options options;
  private final PrintStream out;
  private final WorkerProject project;
  private final WorkerRuntime runtime;
  private final List<KvStore> stores = new ArrayList<>();
  private final AtomicReference<@Nullable WorkerDefinition> current = new AtomicReference<>();
  private final WasmEngine wasm;
  private final AtomicReference<@Nullable WasmWorker> currentWasm = new AtomicReference<>();
  private final AtomicReference<String> loadError = new AtomicReference<>("the worker is loading");
  private final HttpFront front;
  private final @Nullable WatchService watcher;
  private final @Nullable Thread watchThread;

  private DevServer(Options options, PrintStream out)
      throws WorkerConfig.ConfigException, IOException, GeneralSecurityException, InterruptedException {
    this.options = options;
    this.out = out;
    this.project = WorkerProject.at(options.project());
    this.runtime = WorkerRuntime.start(LocalKv.withStore(options.runtime(), project.root(), stores));
    this.wasm = WasmEngine.start(WasmEngine.Config.defaults().withLogSink(options.runtime().logSink()));
    try {
      reload();
      TlsCertificates tls = options.tlsPort() == -1 ? null : DevCertificate.certificates(options.certificateDirectory());
      this.front = HttpFront.start(new HttpFront.Config(options.host(), options.port(), options.tlsPort(), tls,
          options.tlsPort() == -1 ? HttpFront.HTTP3_OFF : options.http3Port(), options.limits(),
          HttpFront.DEFAULT_DRAIN_TIMEOUT), this::dispatch);
    } catch (IOException | GeneralSecurityException | InterruptedException | RuntimeException e) {
      runtime.close();
      wasm.close();
      stores.forEach(KvStore::close);
      throw e;
    }
    if (options.watch()) {
      this.watcher = FileSystems.getDefault().newWatchService();
      registerTree(project.root());
      this.watchThread = new Thread(this::watch, "meridian-dev-watch");
      watchThread.setDaemon(true);
      watchThread.start();
    } else {
      this.watcher = null;
      this.watchThread = null;
    }
  }

  public static DevServer start(Options options, PrintStream out)
      throws WorkerConfig.ConfigException, IOException, GeneralSecurityException, InterruptedException {
    return new DevServer(options, out);
  }

  public int port() {
    return front.port();
  }

  public int tlsPort() {
    return front.tlsPort();
  }

  /** HTTP/3's UDP port, or -1 when it is off. */
  public int http3Port() {
    return front.http3Port();
  }

  /** Requests being served now. */
  public int inFlight() {
    return front.inFlight();
  }

  /** The version being served, or null while none has loaded. */
  public @Nullable String version() {
    WasmWorker wasmWorker = currentWasm.get();
    if (wasmWorker != null) {
      return wasmWorker.version();
    }
    WorkerDefinition worker = current.get();
    return worker == null ? null : worker.version();
  }

  private void dispatch(WorkerExchange exchange) {
    WasmWorker wasmWorker = currentWasm.get();
    if (wasmWorker != null) {
      wasm.dispatch(wasmWorker, exchange);
      return;
    }
    WorkerDefinition worker = current.get();
    if (worker == null) {
      exchange.respond(500, List.of("content-type", "text/plain; charset=utf-8"),
          ("the worker failed to load: " + loadError.get() + "\n").getBytes(StandardCharsets.UTF_8));
      if (exchange.body() != null) {
        exchange.body().cancel();
      }
      return;
    }
    runtime.dispatch(worker, exchange);
  }

  /** Loads the project again; on success the new version serves from the next request on. */
  void reload() throws InterruptedException {
    WorkerProject.WasmBundle bundle;
    try {
      bundle = project.loadWasm();
    } catch (WorkerConfig.ConfigException | IOException e) {
      report(e.getMessage());
      return;
    }
    if (bundle != null) {
      reloadWasm(bundle);
      return;
    }
    WorkerDefinition next;
    try {
      next = project.load();
    } catch (WorkerConfig.ConfigException | IOException e) {
      report(e.getMessage());
      return;
    }
    WorkerDefinition previous = current.get();
    if (previous != null && previous.version().equals(next.version())) {
      return;
    }
    WorkerLoadException error;
    try {
      error = runtime.check(next).get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      report("checking the worker failed: " + e);
      return;
    }
    if (error != null) {
      report(error.getMessage());
      return;
    }
    if (previous != null) {
      runtime.retire(previous.name());
    }
    current.set(next);
    WasmWorker replaced = currentWasm.getAndSet(null);
    if (replaced != null) {
      replaced.close();
    }
    out.println(previous == null && replaced == null
        ? "meridian dev: loaded " + next.name() + " (version " + next.version() + ")"
        : "meridian dev: reloaded " + next.name() + " (version " + next.version() + ")");
  }

  /** Loads a Wasm worker (parsed, checked, compiled); on success it serves from the next request on. */
  private void reloadWasm(WorkerProject.WasmBundle bundle) {
    WasmWorker previous = currentWasm.get();
    if (previous != null && previous.version().equals(bundle.version())) {
      return;
    }
    WasmWorker next;
    try {
      next = bundle.loadInto(wasm);
    } catch (WasmLoadException e) {
      report(e.getMessage());
      return;
    }
    currentWasm.set(next);
    WorkerDefinition js = current.getAndSet(null);
    if (js != null) {
      runtime.retire(js.name());
    }
    if (previous != null) {
      previous.close();
    }
    out.println((previous == null && js == null ? "meridian dev: loaded " : "meridian dev: reloaded ") + next.name()
        + " (version " + next.version() + ", WebAssembly, " + next.kind().configName() + ", "
        + (next.compiled() ? "compiled" : "interpreted") + ")");
  }

  private void report(String message) {
    loadError.set(message);
    boolean serving = current.get() != null || currentWasm.get() != null;
    out.println("meridian dev: ✘ " + message + (serving ? " (still serving the last version that loaded)" : ""));
  }

  private void watch() {
    WatchService service = Objects.requireNonNull(watcher);
    while (true) {
      try {
        WatchKey key = service.take();
        // Let a burst of events from one save settle, then reload once.
        Thread.sleep(SETTLE.toMillis());
        drain(key);
        WatchKey more;
        while ((more = service.poll()) != null) {
          drain(more);
        }
        registerTree(project.root());
        reload();
      } catch (ClosedWatchServiceException | InterruptedException e) {
        return;
      } catch (IOException e) {
        report("watching " + project.root() + " failed: " + e.getMessage());
      }
    }
  }

  private static void drain(WatchKey key) {
    key.pollEvents();
    key.reset();
  }

  private void registerTree(Path root) throws IOException {
    WatchService service = Objects.requireNonNull(watcher);
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
        if (!dir.equals(root) && (name.equals("node_modules") || name.startsWith("."))) {
          return FileVisitResult.SKIP_SUBTREE;
        }
        dir.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
            StandardWatchEventKinds.ENTRY_DELETE);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  @Override
  public void close() {
    if (watcher != null) {
      try {
        watcher.close();
      } catch (IOException e) {
        out.println("meridian dev: closing the file watcher failed: " + e.getMessage());
      }
    }
    front.close();
    runtime.close();
    wasm.close();
    WasmWorker wasmWorker = currentWasm.getAndSet(null);
    if (wasmWorker != null) {
      wasmWorker.close();
    }
    stores.forEach(KvStore::close);
  }
}
