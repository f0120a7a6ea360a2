package dev.meridian.pop.server;

import dev.meridian.pop.io.WorkerExchange;
import dev.meridian.pop.isolate.WorkerDefinition;
import dev.meridian.pop.isolate.WorkerRuntime;
import dev.meridian.pop.wasm.WasmEngine;
import dev.meridian.pop.wasm.WasmWorker;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What serves one worker version once a node has loaded it: a JavaScript definition for the
 * isolates, a compiled Wasm module, or the reason it could not be loaded (answered as a 500, so a
 * broken bundle costs one load, not one per request).
 */
record ServedWorker(@Nullable WorkerDefinition js, @Nullable WasmWorker wasm, @Nullable String error, int weight) {

  static ServedWorker javascript(WorkerDefinition definition) {
    return new ServedWorker(definition, null, null, 1);
  }

  static ServedWorker wasm(WasmWorker worker) {
    return new ServedWorker(null, worker, null, 1);
  }

  static ServedWorker failed(String reason) {
    return new ServedWorker(null, null, reason, 1);
  }

  /** The same, weighing {@code bytes} in a cache bounded by size (its bundle's size). */
  ServedWorker weighing(int bytes) {
    return new ServedWorker(js, wasm, error, Math.max(1, bytes));
  }

  void dispatch(WorkerRuntime runtime, WasmEngine engine, WorkerExchange exchange) {
    if (js != null) {
      runtime.dispatch(js, exchange);
    } else if (wasm != null) {
      engine.dispatch(wasm, exchange);
    } else {
      answer(exchange, 500, "the worker could not be loaded: " + error + "\n");
    }
  }

  void close() {
    if (wasm != null) {
      wasm.close();
    }
  }

  /** A plain-text answer from the node itself (no worker ran), discarding the request's body. */
  static void answer(WorkerExchange exchange, int status, String text) {
    exchange.respond(status, List.of("content-type", "text/plain; charset=utf-8"), text.getBytes(StandardCharsets.UTF_8));
    if (exchange.body() != null) {
      exchange.body().cancel();
    }
  }
}
