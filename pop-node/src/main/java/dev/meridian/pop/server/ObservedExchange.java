package dev.meridian.pop.server;

import dev.meridian.pop.io.RequestBody;
import dev.meridian.pop.io.WebSocketSession;
import dev.meridian.pop.io.WorkerExchange;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * An exchange that reports, once, how its response ended: the status, the time from arrival to the
 * last byte handed to the front, and whether it completed, was aborted mid-body or became a WebSocket.
 * Everything else passes through untouched.
 */
final class ObservedExchange implements WorkerExchange {

  /** How a response ended. */
  enum Outcome { COMPLETED, ABORTED, WEBSOCKET }

  /** Told once per exchange. */
  @FunctionalInterface
  interface Observer {
    void ended(WorkerExchange exchange, int status, long nanos, Outcome outcome);
  }

  private final WorkerExchange exchange;
  private final Observer observer;
  private final long started = System.nanoTime();
  private final AtomicBoolean reported = new AtomicBoolean();
  private volatile int status;

  ObservedExchange(WorkerExchange exchange, Observer observer) {
    this.exchange = exchange;
    this.observer = observer;
  }

  @Override
  public String requestId() {
    return exchange.requestId();
  }

  @Override
  public String method() {
    return exchange.method();
  }

  @Override
  public String url() {
    return exchange.url();
  }

  @Override
  public List<String> headers() {
    return exchange.headers();
  }

  @Override
  public @Nullable RequestBody body() {
    return exchange.body();
  }

  @Override
  public void respond(int status, List<String> headers, byte[] body) {
    this.status = status;
    exchange.respond(status, headers, body);
    report(Outcome.COMPLETED);
  }

  @Override
  public void startResponse(int status, List<String> headers) {
    this.status = status;
    exchange.startResponse(status, headers);
  }

  @Override
  public boolean write(byte[] chunk, Runnable whenWritable) {
    return exchange.write(chunk, whenWritable);
  }

  @Override
  public void end() {
    exchange.end();
    report(Outcome.COMPLETED);
  }

  @Override
  public void abort(String reason) {
    exchange.abort(reason);
    report(Outcome.ABORTED);
  }

  @Override
  public @Nullable WebSocketSession acceptWebSocket(List<String> headers) {
    WebSocketSession session = exchange.acceptWebSocket(headers);
    if (session != null) {
      status = 101;
      report(Outcome.WEBSOCKET);
    }
    return session;
  }

  private void report(Outcome outcome) {
    if (reported.compareAndSet(false, true)) {
      observer.ended(exchange, status, System.nanoTime() - started, outcome);
    }
  }
}
