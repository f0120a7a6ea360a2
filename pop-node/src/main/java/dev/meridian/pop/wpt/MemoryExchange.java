package dev.meridian.pop.wpt;

import dev.meridian.pop.io.RequestBody;
import dev.meridian.pop.io.WorkerExchange;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * A bodiless GET that never touches a socket: the runtime drives it like any request, and the whole
 * response (status and body) completes {@link #response()}. A response cut short completes it
 * exceptionally.
 */
final class MemoryExchange implements WorkerExchange {

  /** A finished response. */
  record Answer(int status, byte[] body) {}

  private final String requestId;
  private final String url;
  private final CompletableFuture<Answer> response = new CompletableFuture<>();
  private final ByteArrayOutputStream streamed = new ByteArrayOutputStream();
  private int status;

  MemoryExchange(String requestId, String url) {
    this.requestId = requestId;
    this.url = url;
  }

  CompletableFuture<Answer> response() {
    return response;
  }

  @Override
  public String requestId() {
    return requestId;
  }

  @Override
  public String method() {
    return "GET";
  }

  @Override
  public String url() {
    return url;
  }

  @Override
  public List<String> headers() {
    return List.of("host", java.net.URI.create(url).getHost());
  }

  @Override
  public @Nullable RequestBody body() {
    return null;
  }

  @Override
  public void respond(int status, List<String> headers, byte[] body) {
    response.complete(new Answer(status, body));
  }

  @Override
  public synchronized void startResponse(int status, List<String> headers) {
    this.status = status;
  }

  @Override
  public synchronized boolean write(byte[] chunk, Runnable whenWritable) {
    streamed.writeBytes(chunk);
    return true;
  }

  @Override
  public synchronized void end() {
    response.complete(new Answer(status, streamed.toByteArray()));
  }

  @Override
  public void abort(String reason) {
    response.completeExceptionally(new IllegalStateException("the response was cut short: " + reason));
  }
}
