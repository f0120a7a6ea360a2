package dev.meridian.pop.isolate;

import com.caoccao.javet.interop.callback.JavetCallbackType;
import com.caoccao.javet.enums.V8ValueErrorType;
import com.caoccao.javet.exceptions.JavetException;
import com.caoccao.javet.exceptions.JavetTerminatedException;
import com.caoccao.javet.interop.V8Host;
import com.caoccao.javet.interop.V8Runtime;
import com.caoccao.javet.interop.callback.IJavetDirectCallable;
import com.caoccao.javet.interop.callback.JavetCallbackContext;
import com.caoccao.javet.interop.options.V8RuntimeOptions;
import com.caoccao.javet.values.V8Value;
import com.caoccao.javet.values.primitive.V8ValueString;
import com.caoccao.javet.values.reference.V8ValueFunction;
import com.caoccao.javet.values.reference.V8ValueGlobalObject;
import com.caoccao.javet.values.reference.V8ValueObject;
import com.caoccao.javet.values.reference.V8ValuePromise;
import com.caoccao.javet.values.reference.V8ValueTypedArray;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.pop.api.HostOp;
import dev.meridian.pop.api.HostOpException;
import dev.meridian.pop.api.OpContext;
import dev.meridian.pop.api.OpContexts;
import dev.meridian.pop.io.CpuBudget;
import dev.meridian.pop.io.EventLoop;
import dev.meridian.pop.io.LogSink;
import dev.meridian.pop.io.RequestBody;
import dev.meridian.pop.io.WebSocketSession;
import dev.meridian.pop.io.WorkerExchange;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One V8 isolate running one version of one worker, owned by one {@link EventLoop} thread: every
 * method here runs on that thread, except {@link #terminate}, which the CPU watchdog may call from
 * its own.
 *
 * <p>An isolate serves many requests at once: a request that awaits a timer, a body chunk or a
 * subrequest leaves the thread to the others. Each entry into JavaScript goes through {@link #enter},
 * which sets the request the code runs for (so host ops and CPU accounting know it) and turns a
 * terminated execution into the death of the isolate: the request that crossed a limit gets a 503
 * that names the limit, the other requests in flight on this isolate get a 503 saying the worker was
 * restarted, and the pool replaces the isolate on the next request. Other isolates never notice.
 */
final class Isolate implements OpContext {

  /** Room given to V8 to unwind after a termination for the heap limit, on top of the limit. */
  private static final long HEAP_HEADROOM_BYTES = 32L * 1024 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();

  /** What the isolate knows of one request in flight. */
  private static final class RequestState {
    final WorkerExchange exchange;
    final CpuBudget budget;
    final Map<Class<?>, Object> locals = new HashMap<>(2);
    boolean responded;

    RequestState(WorkerExchange exchange, CpuBudget budget) {
      this.exchange = exchange;
      this.budget = budget;
    }
  }

  /** Called when a request has fully finished here (response sent, waitUntil settled, or failed). */
  interface Listener {
    void requestDone(Isolate isolate);

    void died(Isolate isolate);
  }

  private final WorkerDefinition worker;
  private final EventLoop loop;
  private final LogSink logSink;
  private final Map<Class<?>, Object> services;
  private final Listener listener;
  private final V8Runtime runtime;
  private final V8ValueObject internals;
  private final V8ValueObject runtimeApi;
  private final V8ValueFunction dispatchFunction;
  private final V8ValueFunction deliverFunction;
  private final Map<String, RequestState> requests = new HashMap<>();
  private final Map<Class<?>, Object> locals = new HashMap<>();
  private final List<JavetCallbackContext> callbacks = new ArrayList<>();
  private @Nullable RequestState current;
  private volatile @Nullable String terminationReason;
  private volatile @Nullable RequestState terminationCulprit;
  private boolean dead;

  private Isolate(WorkerDefinition worker, EventLoop loop, LogSink logSink, Map<Class<?>, Object> services,
      Listener listener, V8Runtime runtime) throws JavetException {
    this.worker = worker;
    this.loop = loop;
    this.logSink = logSink;
    this.services = services;
    this.listener = listener;
    this.runtime = runtime;
    try (V8ValueGlobalObject global = runtime.getGlobalObject()) {
      this.internals = global.get(Bootstrap.INTERNALS_GLOBAL);
      global.delete(Bootstrap.INTERNALS_GLOBAL);
    }
    this.runtimeApi = internals.get("runtime");
    this.dispatchFunction = runtimeApi.get("dispatch");
    this.deliverFunction = runtimeApi.get("deliver");
    runtimeApi.invokeVoid("restored");
  }

  /**
   * Restores an isolate from the snapshot on the calling loop, attaches the host ops and loads the
   * worker's modules.
   */
  static Isolate create(
      V8Host host, Bootstrap bootstrap, CodeCache codeCache, WorkerDefinition worker, EventLoop loop,
      LogSink logSink, Map<Class<?>, Object> services, Listener listener) throws WorkerLoadException, JavetException {
    V8RuntimeOptions options = new V8RuntimeOptions();
    options.setSnapshotBlob(bootstrap.snapshot());
    V8Runtime runtime = host.createV8Runtime(options);
    runtime.setLogger(JavetLog.INSTANCE);
    Isolate isolate = null;
    try {
      runtime.allowEval(false); // as on Workers: no eval() or new Function() from strings
      isolate = new Isolate(worker, loop, logSink, services, listener, runtime);
      isolate.bindOps(bootstrap.ops());
      isolate.limitHeap();
      isolate.load(codeCache);
      return isolate;
    } catch (WorkerLoadException | JavetException | RuntimeException e) {
      if (isolate != null) {
        isolate.release();
      } else {
        runtime.close();
      }
      throw e;
    }
  }

  WorkerDefinition worker() {
    return worker;
  }

  boolean isDead() {
    return dead;
  }

  int inFlight() {
    return requests.size();
  }

  private void load(CodeCache codeCache) throws WorkerLoadException, JavetException {
    ModuleLoader loader = new ModuleLoader(worker, codeCache, runtimeApi);
    String env;
    try {
      env = JSON.writeValueAsString(worker.env());
    } catch (JsonProcessingException e) {
      throw new WorkerLoadException(null, 0, 0, "env cannot be encoded as JSON: " + e.getOriginalMessage());
    }
    OpContext previous = OpContexts.enter(this);
    try (V8ValueObject namespace = loader.loadMain(runtime);
        V8ValueFunction makeEnv = runtimeApi.get("makeEnv");
        V8Value envObject = makeEnv.call(null, env);
        V8ValueFunction setWorker = runtimeApi.get("setWorker")) {
      setWorker.callVoid(null, namespace, envObject);
    } catch (JavetTerminatedException e) {
      throw new WorkerLoadException(worker.mainModule(), 0, 0,
          "loading the worker " + (terminationReason != null ? terminationReason : "was terminated"));
    } catch (com.caoccao.javet.exceptions.BaseJavetScriptingException e) {
      throw new WorkerLoadException(worker.mainModule(), 0, 0, e.getScriptingError().getDetailedMessage());
    } finally {
      OpContexts.enter(previous);
    }
  }

  /**
   * V8 starts every isolate at the process-wide minimum heap; the first time it nears that, this
   * raises it to the deployment's limit, and at the limit it terminates execution and leaves V8 a
   * little headroom to unwind (a fatal out-of-memory would take the whole process down).
   */
  private void limitHeap() {
    long limit = worker.limits().heapBytes();
    runtime.setNearHeapLimitCallback((currentLimit, initialLimit) -> {
      if (currentLimit < limit) {
        return limit;
      }
      terminate(current, "exceeded its memory limit of " + worker.limits().heapMb()
          + " MB (limits.memory_mb in meridian.toml)");
      return currentLimit + HEAP_HEADROOM_BYTES;
    });
  }

  /**
   * Stops whatever JavaScript runs now; safe from any thread. The isolate dies at its next turn, and
   * {@code culprit} is told why.
   */
  void terminate(@Nullable Object culprit, String reason) {
    if (terminationReason == null) {
      terminationCulprit = culprit instanceof RequestState state ? state : null;
      terminationReason = reason;
    }
    runtime.terminateExecution();
  }

  /** Starts serving {@code exchange}; its CPU use is charged to {@code budget}. */
  void dispatch(WorkerExchange exchange, CpuBudget budget) {
    RequestState state = new RequestState(exchange, budget);
    if (dead) {
      exchange.respond(503, textHeaders(), utf8("the worker was restarted; retry the request\n"));
      listener.requestDone(this);
      return;
    }
    requests.put(exchange.requestId(), state);
    budget.onExceeded(() -> terminate(state, "exceeded its CPU time limit of " + worker.limits().cpuMs()
        + " ms per request (limits.cpu_ms in meridian.toml)"));
    RequestBody body = exchange.body();
    enter(state, () -> dispatchFunction.callVoid(null, exchange.requestId(), exchange.method(), exchange.url(),
        exchange.headers(), body != null));
  }

  @FunctionalInterface
  private interface JsCall {
    void run() throws JavetException;
  }

  /** Runs {@code call} in JavaScript for {@code state}'s request; a terminated execution kills the isolate. */
  private void enter(@Nullable RequestState state, JsCall call) {
    if (dead) {
      return;
    }
    if (terminationReason != null) {
      die();
      return;
    }
    RequestState outer = current;
    current = state;
    OpContext previous = OpContexts.enter(this);
    try {
      call.run();
    } catch (JavetTerminatedException e) {
      // handled below: terminationReason is set
    } catch (JavetException e) {
      logSink.log(worker.name(), state == null ? null : state.exchange.requestId(), "error",
          "host call failed: " + e.getMessage());
      if (state != null) {
        fail(state, 500, "internal error in the worker runtime\n");
      }
    } finally {
      current = outer;
      OpContexts.enter(previous);
    }
    if (terminationReason != null) {
      die();
    }
  }

  private void die() {
    if (dead) {
      return;
    }
    dead = true;
    String reason = terminationReason;
    RequestState culprit = terminationCulprit;
    logSink.log(worker.name(), culprit == null ? null : culprit.exchange.requestId(), "error",
        "isolate terminated: the worker " + reason);
    List<RequestState> inFlight = new ArrayList<>(requests.values());
    requests.clear();
    release();
    listener.died(this);
    for (RequestState state : inFlight) {
      if (state == culprit) {
        fail(state, 503, "the worker " + reason + "\n");
      } else {
        fail(state, 503, "the worker was restarted because another request " + reason + "; retry the request\n");
      }
      listener.requestDone(this);
    }
  }

  /** Closes the V8 isolate; requests still in flight are answered first. */
  void close() {
    if (!dead) {
      dead = true;
      List<RequestState> inFlight = new ArrayList<>(requests.values());
      requests.clear();
      release();
      for (RequestState state : inFlight) {
        fail(state, 503, "the worker was unloaded; retry the request\n");
        listener.requestDone(this);
      }
    }
  }

  private void release() {
    try {
      deliverFunction.close();
      dispatchFunction.close();
      runtimeApi.close();
      internals.close();
      for (JavetCallbackContext context : callbacks) {
        runtime.removeCallbackContext(context.getHandle());
      }
      runtime.close(true);
    } catch (JavetException e) {
      logSink.log(worker.name(), null, "warn", "closing the isolate failed: " + e.getMessage());
    }
  }

  private void fail(RequestState state, int status, String message) {
    if (!state.responded) {
      state.responded = true;
      state.exchange.respond(status, textHeaders(), utf8(message));
    } else {
      state.exchange.abort(message.strip());
    }
    if (state.exchange.body() != null) {
      state.exchange.body().cancel();
    }
  }

  private void finished(RequestState state) {
    if (requests.remove(state.exchange.requestId()) != null) {
      listener.requestDone(this);
    }
  }

  /** Settles the JavaScript promise {@code promiseId} with {@code value}, on this loop, for {@code state}. */
  private void deliver(@Nullable RequestState state, double promiseId, boolean ok, Supplier<Object> value) {
    Runnable task = () -> enter(state, () -> {
      Object v = value.get();
      if (v instanceof V8Value v8) {
        try (v8) {
          deliverFunction.callVoid(null, promiseId, ok, v8);
        }
      } else {
        deliverFunction.callVoid(null, promiseId, ok, v);
      }
    });
    if (state != null) {
      loop.execute(state.budget, task);
    } else {
      loop.execute(task);
    }
  }

  // ---- host ops ----------------------------------------------------------------------------

  private void bindOps(List<HostOp> extensionOps) throws JavetException {
    try (V8ValueObject ops = internals.get("ops")) {
      for (HostOp op : extensionOps) {
        bind(ops, op.name(), args -> callExtensionOp(op, args));
      }
      bindHttpOps(ops);
    }
  }

  private void bind(V8ValueObject ops, String name, IJavetDirectCallable.NoThisAndResult<Exception> body)
      throws JavetException {
    JavetCallbackContext context = new JavetCallbackContext(name, JavetCallbackType.DirectCallNoThisAndResult, body);
    callbacks.add(context);
    try (V8ValueFunction function = runtime.createV8ValueFunction(context)) {
      ops.set(name, function);
    }
  }

  private V8Value callExtensionOp(HostOp op, V8Value @Nullable [] passed) throws JavetException {
    V8Value[] args = passed == null ? new V8Value[0] : passed; // Javet passes null for a call with no arguments
    Object[] javaArgs = new Object[args.length];
    for (int i = 0; i < args.length; i++) {
      javaArgs[i] = Values.toJava(args[i]);
    }
    Object result;
    long started = THREADS.getCurrentThreadCpuTime();
    try {
      result = op.function().call(javaArgs);
    } catch (HostOpException e) {
      throwJs(e.jsClass(), e.domExceptionName(), e.getMessage());
      return runtime.createV8ValueUndefined();
    } catch (Exception e) {
      throwJs("Error", null, op.name() + " failed: " + e.getMessage());
      return runtime.createV8ValueUndefined();
    } finally {
      RequestState state = current;
      if (state != null) {
        state.budget.creditHost(THREADS.getCurrentThreadCpuTime() - started);
      }
    }
    if (result instanceof CompletionStage<?> stage) {
      return promiseOf(stage);
    }
    return Values.toV8(runtime, result);
  }

  /** A promise that settles on this loop, for the current request, when {@code stage} completes. */
  private V8Value promiseOf(CompletionStage<?> stage) throws JavetException {
    V8ValuePromise resolver = runtime.createV8ValuePromise();
    V8ValuePromise promise = resolver.getPromise();
    RequestState state = current;
    stage.whenComplete((value, error) -> {
      Runnable settle = () -> enter(state, () -> {
        try (resolver) {
          if (error == null) {
            try (V8Value v = Values.toV8(runtime, value)) {
              resolver.resolve(v);
            }
          } else {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            try (V8Value e = cause instanceof HostOpException h
                ? errorValue(h.jsClass(), h.domExceptionName(), String.valueOf(h.getMessage()))
                : runtime.createV8ValueError(V8ValueErrorType.Error, String.valueOf(error.getMessage()))) {
              resolver.reject(e);
            }
          }
        }
      });
      if (state != null) {
        loop.execute(state.budget, settle);
      } else {
        loop.execute(settle);
      }
    });
    return promise;
  }

  private void throwJs(String jsClass, @Nullable String domName, String message) throws JavetException {
    try (V8Value error = errorValue(jsClass, domName, message)) {
      runtime.throwError(error);
    }
  }

  /**
   * A JavaScript error of {@code jsClass} ({@code TypeError}, {@code RangeError}, {@code DOMException}
   * named {@code domName}, else {@code Error}): what an op's {@link HostOpException} becomes, thrown
   * or, for an async op whose stage failed with one, as the promise's rejection.
   */
  private V8Value errorValue(String jsClass, @Nullable String domName, String message) throws JavetException {
    if ("DOMException".equals(jsClass)) {
      try (V8ValueObject dom = internals.get("dom"); V8ValueFunction ctor = dom.get("DOMException")) {
        return ctor.callAsConstructor(message, domName == null ? "Error" : domName);
      }
    }
    V8ValueErrorType type = switch (jsClass) {
      case "TypeError" -> V8ValueErrorType.TypeError;
      case "RangeError" -> V8ValueErrorType.RangeError;
      default -> V8ValueErrorType.Error;
    };
    return runtime.createV8ValueError(type, message);
  }

  /** The ops of the request/response bridge in {@code runtime.js}. */
  private void bindHttpOps(V8ValueObject ops) throws JavetException {
    bind(ops, "op_http_respond", args -> {
      RequestState state = request(args[0]);
      if (state != null && !state.responded) {
        state.responded = true;
        state.exchange.respond(status(args[1]), strings(args[2]), bodyBytes(args[3]));
      }
      return runtime.createV8ValueUndefined();
    });
    bind(ops, "op_http_start", args -> {
      RequestState state = request(args[0]);
      if (state != null && !state.responded) {
        state.responded = true;
        state.exchange.startResponse(status(args[1]), strings(args[2]));
      }
      return runtime.createV8ValueUndefined();
    });
    bind(ops, "op_http_write", args -> {
      RequestState state = request(args[0]);
      if (state == null) {
        return runtime.createV8ValueBoolean(true);
      }
      byte[] chunk = Values.bytes((V8ValueTypedArray) args[1]);
      // The callback may run on any thread; on the loop it runs after the op_http_on_writable that
      // follows a false answer, so the waiter is always registered by then.
      boolean more = state.exchange.write(chunk, () -> loop.execute(state.budget, () -> {
        Double waiting = writableWaiter(state);
        if (waiting != null) {
          enter(state, () -> deliverFunction.callVoid(null, waiting, true, null));
        }
      }));
      return runtime.createV8ValueBoolean(more);
    });
    bind(ops, "op_http_on_writable", args -> {
      RequestState state = request(args[0]);
      double promiseId = ((Number) Values.toJava(args[1])).doubleValue();
      if (state != null) {
        locals(WritableWaiters.class).byRequest.put(state, promiseId);
      }
      return runtime.createV8ValueUndefined();
    });
    bind(ops, "op_http_pipe", args -> {
      RequestState state = request(args[0]);
      RequestState source = request(args[3]);
      if (state != null && !state.responded && source != null && source.exchange.body() != null) {
        state.responded = true;
        state.exchange.startResponse(status(args[1]), strings(args[2]));
        BodyPipe.start(source.exchange.body(), state.exchange);
      }
      return runtime.createV8ValueUndefined();
    });
    bind(ops, "op_http_upgrade", args -> {
      RequestState state = request(args[0]);
      if (state == null || state.responded) {
        return runtime.createV8ValueNull();
      }
      WebSocketSession session = state.exchange.acceptWebSocket(strings(args[1]));
      if (session == null) {
        return runtime.createV8ValueNull();
      }
      state.responded = true;
      WebSockets sockets = locals(WebSockets.class);
      int id = ++sockets.lastId;
      sockets.byId.put(id, session);
      return runtime.createV8ValueInteger(id);
    });
    bind(ops, "op_http_ws_next", args -> {
      int id = ((Number) Values.toJava(args[0])).intValue();
      WebSocketSession session = locals(WebSockets.class).byId.get(id);
      V8ValuePromise resolver = runtime.createV8ValuePromise();
      V8ValuePromise promise = resolver.getPromise();
      if (session == null) {
        resolver.close();
        throwJs("TypeError", null, "this WebSocket is closed");
        return runtime.createV8ValueUndefined();
      }
      session.next(new WebSocketSession.Receiver() {
        @Override
        public void onText(String text) {
          settle(resolver, Map.of("data", text));
        }

        @Override
        public void onBinary(byte[] bytes) {
          settle(resolver, Map.of("data", bytes));
        }

        @Override
        public void onClose(int code, String reason) {
          loop.execute(() -> locals(WebSockets.class).byId.remove(id));
          settle(resolver, Map.of("close", true, "code", code, "reason", reason));
        }
      });
      return promise;
    });
    bind(ops, "op_http_ws_send", args -> {
      WebSocketSession session = locals(WebSockets.class).byId.get(((Number) Values.toJava(args[0])).intValue());
      Object data = Values.toJava(args[1]);
      if (session != null) {
        if (data instanceof String text) {
          session.sendText(text);
        } else if (data instanceof byte[] bytes) {
          session.sendBinary(bytes);
        }
      }
      return runtime.createV8ValueUndefined();
    });
    bind(ops, "op_http_ws_close", args -> {
      WebSocketSession session = locals(WebSockets.class).byId.remove(((Number) Values.toJava(args[0])).intValue());
      if (session != null) {
        session.close(((Number) Values.toJava(args[1])).intValue(), string(args[2]));
      }
      return runtime.createV8ValueUndefined();
    });
    bind(ops, "op_http_end", args -> {
      RequestState state = request(args[0]);
      if (state != null) {
        state.exchange.end();
      }
      return runtime.createV8ValueUndefined();
    });
    bind(ops, "op_http_fail", args -> {
      RequestState state = request(args[0]);
      if (state != null) {
        int status = status(args[1]);
        String detail = string(args[2]);
        logSink.log(worker.name(), state.exchange.requestId(), "error", "uncaught exception: " + detail);
        String firstLine = detail.lines().findFirst().orElse(detail);
        fail(state, status, status == 400 ? firstLine + "\n" : "the worker threw an exception: " + firstLine + "\n");
      }
      return runtime.createV8ValueUndefined();
    });
    bind(ops, "op_http_done", args -> {
      RequestState state = request(args[0]);
      if (state != null) {
        finished(state);
      }
      return runtime.createV8ValueUndefined();
    });
    bind(ops, "op_http_body_pull", args -> {
      RequestState state = request(args[0]);
      double promiseId = ((Number) Values.toJava(args[1])).doubleValue();
      RequestBody body = state == null ? null : state.exchange.body();
      if (body == null) {
        deliver(state, promiseId, true, () -> null);
      } else {
        body.pull(new RequestBody.Receiver() {
          @Override
          public void onChunk(byte[] chunk) {
            deliver(state, promiseId, true, () -> uint8Array(chunk));
          }

          @Override
          public void onEnd() {
            deliver(state, promiseId, true, () -> null);
          }

          @Override
          public void onError(String message) {
            deliver(state, promiseId, false, () -> typeError(message));
          }
        });
      }
      return runtime.createV8ValueUndefined();
    });
    bind(ops, "op_http_body_cancel", args -> {
      RequestState state = request(args[0]);
      if (state != null && state.exchange.body() != null) {
        state.exchange.body().cancel();
      }
      return runtime.createV8ValueUndefined();
    });
    bind(ops, "op_http_log_error", args -> {
      RequestState state = current;
      logSink.log(worker.name(), state == null ? null : state.exchange.requestId(), "error",
          string(args[0]) + ": " + string(args[1]));
      return runtime.createV8ValueUndefined();
    });
    bind(ops, "op_http_origin", args -> worker.origin() == null
        ? runtime.createV8ValueNull() : runtime.createV8ValueString(worker.origin()));
  }

  /** The WebSockets this isolate's workers accepted, by the id JavaScript knows them by. */
  private static final class WebSockets {
    final Map<Integer, WebSocketSession> byId = new HashMap<>();
    int lastId;
  }

  /**
   * Settles a WebSocket message's promise on this loop, with a CPU budget of its own: as on Workers,
   * every message a socket receives starts the per-request CPU limit afresh, since the request that
   * accepted the socket is long over.
   */
  private void settle(V8ValuePromise resolver, Map<String, Object> message) {
    CpuBudget budget = new CpuBudget(worker.limits().cpuNanos());
    budget.onExceeded(() -> terminate(null, "exceeded its CPU time limit of " + worker.limits().cpuMs()
        + " ms on a WebSocket message (limits.cpu_ms in meridian.toml)"));
    loop.execute(budget, () -> enter(null, () -> {
      try (resolver; V8Value value = Values.toV8(runtime, message)) {
        resolver.resolve(value);
      }
    }));
  }

  /** Promise ids waiting for a response stream to become writable again. */
  private static final class WritableWaiters {
    final Map<RequestState, Double> byRequest = new HashMap<>();
  }

  private @Nullable Double writableWaiter(RequestState state) {
    return locals(WritableWaiters.class).byRequest.remove(state);
  }

  private <T> T locals(Class<T> type) {
    return local(type, () -> {
      try {
        return type.getDeclaredConstructor().newInstance();
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  private @Nullable RequestState request(V8Value id) throws JavetException {
    return requests.get(((V8ValueString) id).getValue());
  }

  private V8Value uint8Array(byte[] chunk) {
    try {
      return Values.uint8Array(runtime, chunk);
    } catch (JavetException e) {
      throw new IllegalStateException(e);
    }
  }

  private V8Value typeError(String message) {
    try {
      return runtime.createV8ValueError(V8ValueErrorType.TypeError, message);
    } catch (JavetException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int status(V8Value value) throws JavetException {
    return ((Number) Values.toJava(value)).intValue();
  }

  private static String string(V8Value value) throws JavetException {
    Object v = Values.toJava(value);
    return v == null ? "" : v.toString();
  }

  @SuppressWarnings("unchecked")
  private static List<String> strings(V8Value value) throws JavetException {
    return (List<String>) Values.toJava(value);
  }

  private static byte[] bodyBytes(V8Value value) throws JavetException {
    Object body = Values.toJava(value);
    if (body == null) {
      return new byte[0];
    }
    return body instanceof String s ? utf8(s) : (byte[]) body;
  }

  private static List<String> textHeaders() {
    return List.of("content-type", "text/plain; charset=utf-8");
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  // ---- OpContext ---------------------------------------------------------------------------

  @Override
  public String deployment() {
    return worker.name();
  }

  @Override
  public @Nullable String requestId() {
    RequestState state = current;
    return state == null ? null : state.exchange.requestId();
  }

  @Override
  public Cancellable schedule(long delayMillis, Runnable task) {
    RequestState state = current;
    EventLoop.Timer timer = loop.schedule(delayMillis, state == null ? null : state.budget, task);
    return timer::cancel;
  }

  @Override
  public void log(String level, String message) {
    logSink.log(worker.name(), requestId(), level, message);
  }

  @Override
  public <T> T local(Class<T> type, Supplier<T> init) {
    return type.cast(locals.computeIfAbsent(type, k -> init.get()));
  }

  @Override
  public <T> T requestLocal(Class<T> type, Supplier<T> init) {
    RequestState state = current;
    if (state == null) {
      throw new IllegalStateException("no request is being served: this cannot run at module load");
    }
    return type.cast(state.locals.computeIfAbsent(type, k -> init.get()));
  }

  @Override
  public dev.meridian.pop.io.WorkerLimits limits() {
    return worker.limits();
  }

  @Override
  public String tenant() {
    return worker.tenant();
  }

  @Override
  public <T> T service(Class<T> type) {
    Object service = services.get(type);
    if (service == null) {
      throw new IllegalStateException("this node offers no " + type.getName() + " service, which a binding of "
          + worker.name() + " needs (the node is wired with WorkerRuntime.Config.withService)");
    }
    return type.cast(service);
  }
}
