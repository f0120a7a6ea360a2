package dev.meridian.pop.wasm;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.TrapException;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.ChicoryException;
import dev.meridian.pop.io.CpuWatchdog;
import dev.meridian.pop.io.LogSink;
import dev.meridian.pop.io.RequestBody;
import dev.meridian.pop.io.WorkerExchange;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/*
 * How a request runs
 * ------------------
 * The HTTP front hands an exchange to dispatch() on a Netty thread. dispatch() only queues the
 * request on this engine's own bounded pool (threads of a fixed stack size, never Netty's and
 * never an isolate's) and returns; a full queue is a 503 at once. On a pool thread the request
 * becomes a CGI/1.1 environment (CgiRequest), the body becomes stdin (BodyInputStream pulls it
 * chunk by chunk as the guest reads, so bodies stream in bounded memory), stdout is collected
 * (BoundedOutput) and stderr goes to the worker's log line by line (LogLineStream). A fresh
 * Chicory instance is made from the worker's module, which was parsed, checked and compiled to
 * JVM bytecode once when the worker loaded (WasmWorker), so requests share no guest state. Its
 * _start runs to the end or to proc_exit; then stdout is parsed as a CGI response (CgiResponse)
 * and sent whole.
 *
 * A native module (wit/meridian-http.wit) instead gets the functions of NativeHttp as imports;
 * _initialize (if exported) and then handle run, reading the body and writing the response in
 * pieces through them (a write waits while the client is slow); stdout goes to the log. A
 * failure before the response started is answered as for CGI; after, the response is aborted.
 *
 * How limits are enforced
 * -----------------------
 * Memory: the instance is built with a maximum of memory_mb / 64 KiB pages (or the module's own,
 * smaller maximum); memory.grow past it returns -1 as the spec says, so malloc returns NULL and
 * the guest decides. LimitedMemory remembers the refusal: if the guest then traps or exits without
 * a response, the answer is a 503 that names the memory limit. A module whose initial memory is over the limit fails to load.
 *
 * CPU: the same budget as JavaScript (limits.cpu_ms of the thread's CPU clock, not wall time, so
 * waiting for the body is free). CpuWatch samples the CPU clock of every thread running a guest
 * and interrupts the one past its budget; Chicory's interpreter and compiled code check the
 * interrupt flag at calls and loop back-edges and unwind with ChicoryInterruptedException, which
 * becomes a 503 naming the CPU limit. The pool thread is then clean for the next request.
 *
 * Stack: the guest's calls nest on the pool thread's Java stack (DEFAULT_STACK_BYTES); a
 * StackOverflowError is answered with a 500 naming the stack limit.
 *
 * Traps (unreachable, out-of-bounds access, division by zero...) are answered with a 500 that
 * says the module trapped and how; nothing of it outlives the request. The node keeps serving.
 *
 * References
 * [1] RFC 3875, The Common Gateway Interface (CGI) Version 1.1.
 * [2] WAGI, WebAssembly Gateway Interface, https://github.com/deislabs/wagi/blob/main/docs/writing_modules.md
 * [3] WASI preview 1, https://github.com/WebAssembly/WASI/blob/main/legacy/preview1/docs.md
 */

/**
 * Runs Wasm workers' requests: WASI command modules served CGI-style (the WAGI convention).
 *
 * <table>
 *   <caption>Limits and what happens past them</caption>
 *   <tr><th>limit</th><th>default</th><th>past it</th></tr>
 *   <tr><td>memory</td><td>{@code limits.memory_mb} (128 MiB) as 64 KiB pages</td><td>memory.grow
 *       returns -1; a trap or failed exit after that is a 503 naming the memory limit</td></tr>
 *   <tr><td>CPU per request</td><td>{@code limits.cpu_ms} (50 ms) of the thread's CPU clock</td>
 *       <td>the guest is interrupted, 503 naming the CPU limit</td></tr>
 *   <tr><td>stack</td><td>{@link Config#DEFAULT_STACK_BYTES} of Java stack per pool thread</td>
 *       <td>500 naming the stack limit</td></tr>
 *   <tr><td>stdout</td><td>{@link Config#DEFAULT_MAX_OUTPUT_BYTES}</td><td>502 naming the output
 *       limit</td></tr>
 *   <tr><td>wait for a body chunk</td><td>{@link BodyInputStream#DEFAULT_WAIT} (wall clock)</td>
 *       <td>the guest's read fails, the body is cancelled</td></tr>
 *   <tr><td>native: wait for a slow client, outbound request</td><td>{@link
 *       NativeHttp#DEFAULT_WRITE_WAIT}, {@link NativeHttp#DEFAULT_FETCH_TIMEOUT}; {@code
 *       limits.subrequests} fetches</td><td>the call returns -1 (logged)</td></tr>
 *   <tr><td>queued requests</td><td>{@link Config#DEFAULT_QUEUE}</td><td>503, the node is busy</td></tr>
 * </table>
 */
public final class WasmEngine implements AutoCloseable {

  /**
   * The engine's settings.
   *
   * @param threads pool threads that run guests ({@link #DEFAULT_THREADS}: one per core)
   * @param queue requests that may wait for a thread before new ones get a 503
   * @param stackBytes the Java stack of each pool thread, which bounds guest call depth
   * @param maxOutputBytes the most a guest may write to stdout in one request
   * @param watchdogInterval how often running guests are checked against their CPU budget
   * @param logSink where stderr lines and failures go
   * @param compile whether modules are compiled to JVM bytecode (false: interpreted)
   * @param compiledModules how many compiled modules are kept by hash for new versions to reuse
   */
  public record Config(int threads, int queue, long stackBytes, int maxOutputBytes, Duration watchdogInterval,
      LogSink logSink, boolean compile, int compiledModules) {

    public static final int DEFAULT_THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());
    public static final int DEFAULT_QUEUE = 1_024;
    public static final long DEFAULT_STACK_BYTES = 8L * 1024 * 1024;
    public static final int DEFAULT_MAX_OUTPUT_BYTES = 32 * 1024 * 1024;
    public static final int DEFAULT_COMPILED_MODULES = 256;

    public Config {
      if (threads < 1) {
        throw new IllegalArgumentException("wasm threads must be at least 1, was " + threads);
      }
      if (queue < 0) {
        throw new IllegalArgumentException("wasm queue must not be negative, was " + queue);
      }
      if (stackBytes < 64 * 1024) {
        throw new IllegalArgumentException("wasm thread stack must be at least 64 KiB, was " + stackBytes);
      }
      if (maxOutputBytes < 1) {
        throw new IllegalArgumentException("wasm max output must be positive, was " + maxOutputBytes);
      }
      if (watchdogInterval.isNegative() || watchdogInterval.isZero()) {
        throw new IllegalArgumentException("watchdog interval must be positive, was " + watchdogInterval);
      }
      Objects.requireNonNull(logSink, "logSink");
      if (compiledModules < 1) {
        throw new IllegalArgumentException("compiled modules kept must be at least 1, was " + compiledModules);
      }
    }

    public static Config defaults() {
      return new Config(DEFAULT_THREADS, DEFAULT_QUEUE, DEFAULT_STACK_BYTES, DEFAULT_MAX_OUTPUT_BYTES,
          CpuWatchdog.DEFAULT_INTERVAL, LogSink.structured(), true, DEFAULT_COMPILED_MODULES);
    }

    public Config withLogSink(LogSink sink) {
      return new Config(threads, queue, stackBytes, maxOutputBytes, watchdogInterval, sink, compile, compiledModules);
    }

    public Config withCompile(boolean compiled) {
      return new Config(threads, queue, stackBytes, maxOutputBytes, watchdogInterval, logSink, compiled,
          compiledModules);
    }
  }

  /** How Chicory reports a StackOverflowError of the guest's calls, interpreted or compiled. */
  private static final String CALL_STACK_EXHAUSTED = "call stack exhausted";

  /**
   * What WASI's random_get reads. Chicory's default is ThreadLocalRandom, which is predictable;
   * guests take random_get for getentropy() and seed their cryptography from it.
   */
  private static final SecureRandom RANDOM = new SecureRandom();

  private static final List<String> TEXT = List.of("content-type", "text/plain; charset=utf-8");

  private final Config config;
  private final ThreadPoolExecutor pool;
  private final CpuWatch cpu;
  private final CompiledModules modules;

  private WasmEngine(Config config) {
    this.config = config;
    AtomicInteger count = new AtomicInteger();
    this.pool = new ThreadPoolExecutor(config.threads(), config.threads(), 0, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(Math.max(1, config.queue())), task -> {
          Thread thread = new Thread(null, task, "meridian-wasm-" + count.incrementAndGet(), config.stackBytes());
          thread.setDaemon(true);
          return thread;
        });
    this.cpu = new CpuWatch(config.watchdogInterval());
    this.modules = new CompiledModules(config.compile(), config.compiledModules());
  }

  public static WasmEngine start(Config config) {
    return new WasmEngine(config);
  }

  /** Loads a worker with this engine's compile setting; see {@link WasmWorker#load}. */
  public WasmWorker load(String name, String version, String mainModule, Map<String, byte[]> files,
      Map<String, String> vars, dev.meridian.pop.io.WorkerLimits limits, WasmWorker.@Nullable Interface kind)
      throws WasmLoadException {
    return WasmWorker.load(name, version, mainModule, files, vars, limits, kind, modules);
  }

  /** Loads a worker whose interface is told by its exports; see {@link WasmWorker#load}. */
  public WasmWorker load(String name, String version, String mainModule, Map<String, byte[]> files,
      Map<String, String> vars, dev.meridian.pop.io.WorkerLimits limits) throws WasmLoadException {
    return load(name, version, mainModule, files, vars, limits, null);
  }

  /** Queues the request; returns at once. Called on any thread, Netty's included. */
  public void dispatch(WasmWorker worker, WorkerExchange exchange) {
    try {
      pool.execute(() -> run(worker, exchange));
    } catch (RejectedExecutionException e) {
      cancelBody(exchange);
      exchange.respond(503, TEXT, ("the node is busy: " + config.queue() + " Wasm requests are already waiting;"
          + " try again shortly\n").getBytes(StandardCharsets.UTF_8));
    }
  }

  private void run(WasmWorker worker, WorkerExchange exchange) {
    if (!worker.acquire()) {
      cancelBody(exchange);
      exchange.respond(503, TEXT, (worker.mainModule() + ": this version of the worker was replaced while the request"
          + " waited; try again\n").getBytes(StandardCharsets.UTF_8));
      return;
    }
    try {
      runAcquired(worker, exchange);
    } finally {
      worker.release();
    }
  }

  private void runAcquired(WasmWorker worker, WorkerExchange exchange) {
    RequestBody body = exchange.body();
    BodyInputStream bodyStream = body == null ? null : new BodyInputStream(body);
    boolean cgi = worker.kind() == WasmWorker.Interface.WAGI;
    NativeHttp http = cgi ? null
        : new NativeHttp(exchange, bodyStream, worker.limits().subrequests(), config.logSink(), worker.name());
    BoundedOutput stdout = new BoundedOutput(config.maxOutputBytes());
    LogLineStream stderr = new LogLineStream(config.logSink(), worker.name(), exchange.requestId(), "error");
    LogLineStream logOut = cgi ? null : new LogLineStream(config.logSink(), worker.name(), exchange.requestId(), "info");
    WasiOptions.Builder options = WasiOptions.builder()
        .withStdin(bodyStream == null || !cgi ? InputStream.nullInputStream() : bodyStream, false)
        .withStdout(cgi ? stdout : logOut, false)
        .withStderr(stderr, false)
        .withRandom(RANDOM)
        .withArguments(List.of(worker.mainModule()))
        .withDirectory("/", worker.root());
    CgiRequest.environment(exchange, worker.vars()).forEach(options::withEnvironment);
    Outcome outcome;
    LimitedMemory[] memory = new LimitedMemory[1];
    try (CpuWatch.Run budget = cpu.start(worker.limits().cpuNanos());
        WasiPreview1 wasi = WasiPreview1.builder().withOptions(options.build()).build()) {
      outcome = execute(worker, wasi, http, memory, budget);
    }
    stderr.flush();
    if (http != null) {
      http.close();
    }
    if (logOut != null) {
      logOut.flush();
    }
    if (bodyStream != null && !bodyStream.ended()) {
      body.cancel();
    }
    if (http != null && http.started()) {
      if (outcome instanceof Failed failed) {
        config.logSink().log(worker.name(), exchange.requestId(), "error", failed.message() + " (after the response"
            + " started: it was cut short)");
        exchange.abort(worker.mainModule() + ": " + failed.message());
      } else {
        http.end();
      }
      return;
    }
    if (http != null && outcome instanceof Exited) {
      fail(worker, exchange, 500, "handle returned without starting a response: call meridian_response_start"
          + " or meridian_response_write");
      return;
    }
    respond(worker, exchange, outcome, stdout, memory[0]);
  }

  /** What became of one run of {@code _start}. */
  private sealed interface Outcome {}

  private record Exited(int code) implements Outcome {}

  private record Failed(int status, String message, boolean memoryRelated) implements Outcome {}

  private Outcome execute(WasmWorker worker, WasiPreview1 wasi, @Nullable NativeHttp http, LimitedMemory[] memory,
      CpuWatch.Run budget) {
    try {
      Instance instance = Instance.builder(worker.module())
          .withImportValues(WasiImports.of(wasi, http == null ? List.of() : http.functions()))
          .withMemoryLimits(worker.memoryLimits())
          .withMemoryFactory(limits -> memory[0] = new LimitedMemory(limits))
          .withMachineFactory(worker.machine())
          .withStart(false)
          .build();
      if (http == null) {
        instance.export("_start").apply();
      } else {
        if (hasExport(worker, "_initialize")) {
          instance.export("_initialize").apply();
        }
        instance.export("handle").apply();
      }
      return new Exited(0);
    } catch (WasiExitException e) {
      return new Exited(e.exitCode());
    } catch (WasmLimitException e) {
      return new Failed(e.limit.status, e.getMessage(), e.limit == WasmLimitException.Limit.MEMORY);
    } catch (ChicoryInterruptedException e) {
      return cpuExceeded(worker, budget, e);
    } catch (TrapException e) {
      if (budget.exceeded()) {
        return cpuExceeded(worker, budget, e);
      }
      return new Failed(500, "the module trapped: " + e.getMessage(), true);
    } catch (StackOverflowError e) {
      return stackExhausted();
    } catch (OutOfMemoryError e) {
      return new Failed(503, "the node ran out of memory running the module; try again shortly", false);
    } catch (RuntimeException e) {
      if (budget.exceeded()) {
        return cpuExceeded(worker, budget, e);
      }
      if (e instanceof ChicoryException && CALL_STACK_EXHAUSTED.equals(e.getMessage())) {
        return stackExhausted();
      }
      return new Failed(500, "the module failed: " + e, false);
    }
  }

  private static boolean hasExport(WasmWorker worker, String name) {
    var exports = worker.module().exportSection();
    for (int i = 0; i < exports.exportCount(); i++) {
      if (exports.getExport(i).name().equals(name)) {
        return true;
      }
    }
    return false;
  }

  private Failed stackExhausted() {
    return new Failed(WasmLimitException.Limit.STACK.status, "the module's calls nested deeper than the stack"
        + " limit (" + config.stackBytes() / 1024 + " KiB of Java stack per request): it probably recursed"
        + " without end", false);
  }

  private static Failed cpuExceeded(WasmWorker worker, CpuWatch.Run budget, Throwable cause) {
    return new Failed(WasmLimitException.Limit.CPU.status, "the module used more than its CPU limit of "
        + worker.limits().cpuMs() + " ms for this request (" + budget.usedNanos() / 1_000_000
        + " ms): it was stopped; raise [limits] cpu_ms or make it do less per request", false);
  }

  private void respond(WasmWorker worker, WorkerExchange exchange, Outcome outcome, BoundedOutput stdout,
      @Nullable LimitedMemory memory) {
    String atMemoryLimit = memory == null || memory.refusedPages() == 0 ? null : memoryLimit(worker);
    if (outcome instanceof Failed failed) {
      String message = failed.message();
      int status = failed.status();
      if (failed.memoryRelated() && atMemoryLimit != null) {
        message += " after it asked for more memory than the limit of " + atMemoryLimit
            + ": it most likely ran out of memory;"
            + " raise [limits] memory_mb or make it use less";
        status = WasmLimitException.Limit.MEMORY.status;
      }
      fail(worker, exchange, status, message);
      return;
    }
    int code = ((Exited) outcome).code();
    CgiResponse response;
    try {
      response = CgiResponse.parse(stdout.bytes());
    } catch (CgiResponse.MalformedException e) {
      if (code != 0) {
        fail(worker, exchange, atMemoryLimit != null ? 503 : 500, "the module exited with code " + code
            + " before writing a CGI response" + (atMemoryLimit == null ? "" : " after it asked for more memory than the limit of "
            + atMemoryLimit + ": it most likely ran out of memory"));
      } else {
        fail(worker, exchange, 502, e.getMessage());
      }
      return;
    }
    if (code != 0) {
      config.logSink().log(worker.name(), exchange.requestId(), "warn",
          "the module exited with code " + code + " after writing a complete CGI response; it was sent");
    }
    exchange.respond(response.status(), response.headers(), response.body());
  }

  private static String memoryLimit(WasmWorker worker) {
    int max = worker.memoryLimits().maximumPages();
    return (long) max * Memory.PAGE_SIZE / (1024 * 1024) + " MiB (" + max + " pages)";
  }

  private void fail(WasmWorker worker, WorkerExchange exchange, int status, String message) {
    config.logSink().log(worker.name(), exchange.requestId(), "error", message);
    exchange.respond(status, TEXT, (worker.mainModule() + ": " + message + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private static void cancelBody(WorkerExchange exchange) {
    RequestBody body = exchange.body();
    if (body != null) {
      body.cancel();
    }
  }

  @Override
  public void close() {
    cpu.close();
    pool.shutdownNow();
  }
}
