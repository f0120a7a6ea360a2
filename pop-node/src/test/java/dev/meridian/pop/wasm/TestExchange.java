package dev.meridian.pop.wasm;

import dev.meridian.pop.io.RequestBody;
import dev.meridian.pop.io.WorkerExchange;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/** A request held in memory: a body given as chunks, the response collected into a future. */
final class TestExchange implements WorkerExchange {

  record Answer(int status, List<String> headers, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    @Nullable String header(String name) {
      for (int i = 0; i + 1 < headers.size(); i += 2) {
        if (headers.get(i).equals(name)) {
          return headers.get(i + 1);
        }
      }
      return null;
    }
  }

  private final String method;
  private final String url;
  private final List<String> headers;
  private final @Nullable ChunkedBody body;
  private final CompletableFuture<Answer> answer = new CompletableFuture<>();
  private final ByteArrayOutputStream streamed = new ByteArrayOutputStream();
  private int status;
  private List<String> streamedHeaders = List.of();
  private int writes;

  TestExchange(String method, String url, List<String> headers, byte @Nullable []... chunks) {
    this.method = method;
    this.url = url;
    this.headers = headers;
    this.body = chunks == null || chunks.length == 0 ? null : new ChunkedBody(chunks);
  }

  static TestExchange get(String url) {
    return new TestExchange("GET", url, List.of("host", java.net.URI.create(url).getHost()));
  }

  Answer answer() throws Exception {
    return answer.get(60, TimeUnit.SECONDS);
  }

  /** How many pieces a streamed response came in. */
  synchronized int writes() {
    return writes;
  }

  boolean bodyCancelled() {
    return body != null && body.cancelled;
  }

  @Override
  public String requestId() {
    return "test-1";
  }

  @Override
  public String method() {
    return method;
  }

  @Override
  public String url() {
    return url;
  }

  @Override
  public List<String> headers() {
    return headers;
  }

  @Override
  public @Nullable RequestBody body() {
    return body;
  }

  @Override
  public void respond(int status, List<String> headers, byte[] body) {
    answer.complete(new Answer(status, headers, body));
  }

  @Override
  public synchronized void startResponse(int status, List<String> headers) {
    this.status = status;
    this.streamedHeaders = headers;
  }

  @Override
  public synchronized boolean write(byte[] chunk, Runnable whenWritable) {
    streamed.writeBytes(chunk);
    writes++;
    return true;
  }

  @Override
  public synchronized void end() {
    answer.complete(new Answer(status, streamedHeaders, streamed.toByteArray()));
  }

  @Override
  public void abort(String reason) {
    answer.completeExceptionally(new IllegalStateException("aborted: " + reason));
  }

  /** Hands out its chunks one per pull, each from another thread, as a socket would. */
  private static final class ChunkedBody implements RequestBody {
    private final Deque<byte[]> chunks = new ArrayDeque<>();
    private volatile boolean cancelled;

    ChunkedBody(byte[][] chunks) {
      for (byte[] chunk : chunks) {
        this.chunks.add(chunk);
      }
    }

    @Override
    public void pull(Receiver receiver) {
      byte[] next;
      synchronized (this) {
        next = chunks.poll();
      }
      Thread.ofVirtual().start(() -> {
        if (next == null) {
          receiver.onEnd();
        } else {
          receiver.onChunk(next);
        }
      });
    }

    @Override
    public void cancel() {
      cancelled = true;
    }
  }
}
