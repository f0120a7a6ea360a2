package dev.meridian.pop.http;

import dev.meridian.pop.io.WorkerExchange;

/** Where the HTTP front hands each request: the server routes it to a worker, or answers it itself. */
@FunctionalInterface
public interface Dispatcher {
  void dispatch(WorkerExchange exchange);
}
