package dev.meridian.pop.isolate;

import com.caoccao.javet.exceptions.JavetException;
import com.caoccao.javet.interop.V8Host;
import com.caoccao.javet.interop.options.V8RuntimeOptions;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.meridian.pop.api.Extension;
import dev.meridian.pop.api.WebPlatform;
import dev.meridian.pop.io.CpuBudget;
import dev.meridian.pop.io.CpuWatchdog;
import dev.meridian.pop.io.EventLoop;
import dev.meridian.pop.io.LogSink;
import dev.meridian.pop.io.WorkerExchange;
import dev.meridian.pop.io.WorkerLimits;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The isolate runtime as the server sees it: give it a {@link WorkerDefinition} and a {@link
 * WorkerExchange}, and the worker's {@code fetch} answers. It owns the event loops, the CPU watchdog,
 * the startup snapshot, the code cache and the isolate pool.
 */
public final class WorkerRuntime implements AutoCloseable {

  /**
   * The runtime's settings.
   *
   * @param threads event loops, each owning isolates ({@link #DEFAULT_THREADS}: one per core)
   * @param maxIsolates the pool's bound, counted in isolates across all deployments
   * @param watchdogInterval how often running tasks are checked against their CPU budget
   * @param logSink where console output and worker errors go
   * @param services node-level services that bindings reach through {@link
   *     dev.meridian.pop.api.OpContext#service(Class)} (the KV store, say), by the type they are
   *     asked for; none by default
   * @param snapshotCache where startup snapshots are kept between runs ({@link
   *     #DEFAULT_SNAPSHOT_CACHE}), or null to make the snapshot at every start
   */
  public record Config(int threads, int maxIsolates, Duration watchdogInterval, LogSink logSink,
      Map<Class<?>, Object> services, java.nio.file.@Nullable Path snapshotCache) {

    public static final int DEFAULT_THREADS = Runtime.getRuntime().availableProcessors();
    public static final int DEFAULT_MAX_ISOLATES = 2_000;
    /** {@code ~/.meridian/cache}. */
    public static final java.nio.file.Path DEFAULT_SNAPSHOT_CACHE =
        java.nio.file.Path.of(System.getProperty("user.home"), ".meridian", "cache");

    public Config {
      if (threads < 1) {
        throw new IllegalArgumentException("runtime threads must be at least 1, was " + threads);
      }
      if (maxIsolates < 1) {
        throw new IllegalArgumentException("max isolates must be at least 1, was " + maxIsolates);
      }
      Objects.requireNonNull(watchdogInterval, "watchdogInterval");
      Objects.requireNonNull(logSink, "logSink");
      services = Map.copyOf(services);
      services.forEach((type, service) -> {
        if (!type.isInstance(service)) {
          throw new IllegalArgumentException("service for " + type.getName() + " is a " + service.getClass().getName());
        }
      });
    }

    public static Config defaults() {
      return new Config(DEFAULT_THREADS, DEFAULT_MAX_ISOLATES, CpuWatchdog.DEFAULT_INTERVAL, LogSink.structured(),
          Map.of(), DEFAULT_SNAPSHOT_CACHE);
    }

    public Config withLogSink(LogSink sink) {
      return new Config(threads, maxIsolates, watchdogInterval, sink, services, snapshotCache);
    }

    public Config withThreads(int count) {
      return new Config(count, maxIsolates, watchdogInterval, logSink, services, snapshotCache);
    }

    public Config withMaxIsolates(int count) {
      return new Config(threads, count, watchdogInterval, logSink, services, snapshotCache);
    }


    /**
     * Offers {@code service} to bindings as {@code type}; each type at most once, so that two
     * wirings of one node cannot silently replace each other's store.
     */
    public <T> Config withService(Class<T> type, T service) {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(service, "service");
      Object present = services.get(type);
      if (present != null) {
        throw new IllegalStateException("service " + type.getName() + " was already set to " + present);
      }
      Map<Class<?>, Object> more = new HashMap<>(services);
      more.put(type, service);
      return new Config(threads, maxIsolates, watchdogInterval, logSink, more, snapshotCache);
    }

    /** Whether a service of {@code type} is offered. */
    public boolean hasService(Class<?> type) {
      return services.containsKey(type);
    }
  }

  /** How long a version whose modules failed to load is answered from the remembered error. */
  static final Duration LOAD_ERROR_TTL = Duration.ofSeconds(10);

  private static final Object V8_FLAGS_LOCK = new Object();

  private final Config config;
  private final V8Host host;
  private final Bootstrap bootstrap;
  private final CodeCache codeCache = new CodeCache(CodeCache.DEFAULT_MAX_BYTES);
  private final List<EventLoop> loops = new ArrayList<>();
  private final CpuWatchdog watchdog;
  private final IsolatePool pool;
  private final Cache<String, WorkerLoadException> loadErrors =
      Caffeine.newBuilder().expireAfterWrite(LOAD_ERROR_TTL).maximumSize(10_000).build();

  private WorkerRuntime(Config config, List<Extension> extensions) {
    this.config = config;
    this.host = v8();
    this.bootstrap = Bootstrap.load(host, extensions, config.snapshotCache() == null
        ? SnapshotCache.none() : SnapshotCache.in(config.snapshotCache()));
    this.watchdog = new CpuWatchdog(config.watchdogInterval());
    for (int i = 0; i < config.threads(); i++) {
      EventLoop loop = new EventLoop("meridian-isolate-" + i);
      loops.add(loop);
      watchdog.watch(loop);
    }
    this.pool = new IsolatePool(loops, config.maxIsolates(), this::startIsolate);
  }

  public static WorkerRuntime start(Config config) {
    return new WorkerRuntime(config, WebPlatform.extensions());
  }

  /**
   * V8's process-wide settings, sealed at its first use: every isolate starts at the smallest heap
   * limit a deployment may have and is raised to its own limit (see {@link Isolate}).
   */
  private static V8Host v8() {
    synchronized (V8_FLAGS_LOCK) {
      NativeLibrary.install();
      if (!V8RuntimeOptions.V8_FLAGS.isSealed()) {
        V8RuntimeOptions.V8_FLAGS.setMaxOldSpaceSize(WorkerLimits.MIN_HEAP_MB);
      }
      return V8Host.getV8Instance();
    }
  }

  /** Serves one request with {@code worker}. Returns at once; the answer goes to the exchange. */
  public void dispatch(WorkerDefinition worker, WorkerExchange exchange) {
    WorkerLoadException known = loadErrors.getIfPresent(worker.key());
    if (known != null) {
      answerLoadError(worker, exchange, known);
      return;
    }
    pool.dispatch(worker, exchange, new CpuBudget(worker.limits().cpuNanos()));
  }

  /**
   * Loads {@code worker} in a throwaway isolate and reports whether its modules compile, link and
   * evaluate (for {@code meridian dev} on a file change, and for checking a bundle before deploy).
   */
  public CompletableFuture<@Nullable WorkerLoadException> check(WorkerDefinition worker) {
    CompletableFuture<@Nullable WorkerLoadException> result = new CompletableFuture<>();
    EventLoop loop = loops.get(0);
    loop.execute(() -> {
      Isolate.Listener ignore = new Isolate.Listener() {
        @Override
        public void requestDone(Isolate isolate) {}

        @Override
        public void died(Isolate isolate) {}
      };
      try {
        Isolate.create(host, bootstrap, codeCache, worker, loop, config.logSink(), config.services(), ignore).close();
        result.complete(null);
      } catch (WorkerLoadException e) {
        result.complete(e);
      } catch (JavetException | RuntimeException e) {
        result.complete(new WorkerLoadException(worker.mainModule(), 0, 0, String.valueOf(e.getMessage())));
      }
    });
    return result;
  }

  /** Unloads every isolate of the worker named so; the next request loads the version it brings. */
  public void retire(String workerName) {
    pool.retire(workerName);
    loadErrors.asMap().keySet().removeIf(key -> key.startsWith(workerName + "@"));
  }

  /** Isolates alive now, across all deployments. */
  public long isolates() {
    return pool.size();
  }

  private @Nullable Isolate startIsolate(
      WorkerDefinition worker, EventLoop loop, Isolate.Listener listener, WorkerExchange exchange) {
    try {
      return Isolate.create(host, bootstrap, codeCache, worker, loop, config.logSink(), config.services(), listener);
    } catch (WorkerLoadException e) {
      loadErrors.put(worker.key(), e);
      answerLoadError(worker, exchange, e);
    } catch (JavetException | RuntimeException e) {
      config.logSink().log(worker.name(), exchange.requestId(), "error", "starting an isolate failed: " + e);
      exchange.respond(503, List.of("content-type", "text/plain; charset=utf-8"),
          "the worker could not be started; retry the request\n".getBytes(StandardCharsets.UTF_8));
    }
    return null;
  }

  private void answerLoadError(WorkerDefinition worker, WorkerExchange exchange, WorkerLoadException e) {
    config.logSink().log(worker.name(), exchange.requestId(), "error", "worker failed to load: " + e.getMessage());
    exchange.respond(500, List.of("content-type", "text/plain; charset=utf-8"),
        ("the worker failed to load: " + e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
    if (exchange.body() != null) {
      exchange.body().cancel();
    }
  }

  @Override
  public void close() {
    pool.close();
    watchdog.close();
    for (EventLoop loop : loops) {
      loop.execute(loop::close);
    }
  }
}
