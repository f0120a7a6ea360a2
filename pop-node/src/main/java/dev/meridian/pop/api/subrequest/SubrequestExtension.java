package dev.meridian.pop.api.subrequest;

import dev.meridian.pop.api.Extension;
import dev.meridian.pop.api.HostOp;
import dev.meridian.pop.api.HostOpException;
import dev.meridian.pop.api.OpContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * {@code fetch()} for workers: each call is a subrequest, counted against the deployment's {@code
 * limits.subrequests} for the request it serves, sent with the JDK's {@link HttpClient} (HTTP/1.1 and
 * HTTP/2), with the response body pulled chunk by chunk as the worker reads it.
 *
 * <p>Ops: {@code op_subrequest_start(method, url, headers, body, redirect, streamed)} → id;
 * {@code op_subrequest_response(id)} → promise of the head; {@code op_subrequest_read(id)} → promise
 * of the next chunk or null; {@code op_subrequest_cancel(id)}. A body given as bytes is sent as they
 * are; a {@code streamed} one is written while the request is on the wire ({@link StreamedBody}):
 * {@code op_subrequest_body_write(id, chunk)} → promise settled when the chunk is taken, {@code
 * op_subrequest_body_end(id)}, {@code op_subrequest_body_error(id, message)}. A streamed body is sent
 * chunked, or with the worker's {@code content-length} when it gave one above zero (the client then
 * fails the request if the stream's length differs).
 */
public final class SubrequestExtension implements Extension {

  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  /** Headers the JDK client sets itself and refuses from callers; a worker's values are dropped. */
  private static final Set<String> RESTRICTED =
      Set.of("connection", "content-length", "expect", "host", "upgrade", "keep-alive", "transfer-encoding", "te");

  private static final HttpClient FOLLOW = client(HttpClient.Redirect.NORMAL);
  private static final HttpClient MANUAL = client(HttpClient.Redirect.NEVER);

  private static HttpClient client(HttpClient.Redirect redirect) {
    return HttpClient.newBuilder().followRedirects(redirect).connectTimeout(CONNECT_TIMEOUT).build();
  }

  /** The subrequests of one isolate in progress, by id. */
  private static final class Calls {
    final Map<Double, Call> byId = new HashMap<>();
    double nextId = 1;
  }

  /** How many subrequests the current request has made. */
  private static final class Count {
    int made;
  }

  @Override
  public String name() {
    return "subrequest";
  }

  @Override
  public List<String> dependencies() {
    return List.of("webidl", "fetch", "streams", "url");
  }

  @Override
  public List<String> scripts() {
    return List.of("01_fetch.js");
  }

  @Override
  public List<HostOp> ops() {
    return List.of(
        new HostOp("op_subrequest_start", SubrequestExtension::start),
        new HostOp("op_subrequest_response", args -> call(args[0]).head()),
        new HostOp("op_subrequest_read", args -> call(args[0]).read()),
        new HostOp("op_subrequest_body_write", args -> call(args[0]).body().write((byte[]) args[1])),
        new HostOp("op_subrequest_body_end", args -> {
          call(args[0]).body().end();
          return null;
        }),
        new HostOp("op_subrequest_body_error", args -> {
          Call call = calls().byId.get(((Number) args[0]).doubleValue());
          if (call != null) {
            call.body().fail(new IOException("the request body stream failed: " + args[1]));
          }
          return null;
        }),
        new HostOp("op_subrequest_cancel", args -> {
          Call call = calls().byId.remove(((Number) args[0]).doubleValue());
          if (call != null) {
            call.cancel();
          }
          return null;
        }));
  }

  private static Object start(Object... args) throws HostOpException {
    OpContext context = OpContext.current();
    Count count = context.requestLocal(Count.class, Count::new);
    int limit = context.limits().subrequests();
    if (count.made >= limit) {
      throw HostOpException.typeError("this request has made its " + limit
          + " subrequests, the most a request may make (limits.subrequests in meridian.toml)");
    }
    String method = (String) args[0];
    URI uri;
    try {
      uri = URI.create((String) args[1]);
    } catch (IllegalArgumentException e) {
      throw HostOpException.typeError("fetch: cannot send a request to " + args[1] + ": " + e.getMessage());
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw HostOpException.typeError("fetch: only http: and https: URLs can be fetched, not " + uri.getScheme() + ":");
    }
    @SuppressWarnings("unchecked")
    List<String> headers = (List<String>) args[2];
    byte[] bytes = (byte[]) args[3];
    boolean follow = !"manual".equals(args[4]) && !"error".equals(args[4]);
    StreamedBody streamed = Boolean.TRUE.equals(args[5]) ? new StreamedBody() : null;
    HttpRequest.BodyPublisher body;
    if (streamed != null) {
      long length = declaredLength(headers);
      body = length > 0 ? HttpRequest.BodyPublishers.fromPublisher(streamed, length)
          : HttpRequest.BodyPublishers.fromPublisher(streamed);
    } else {
      body = bytes == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(bytes);
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).method(method, body);
    for (int i = 0; i + 1 < headers.size(); i += 2) {
      String name = headers.get(i).toLowerCase(Locale.ROOT);
      if (!RESTRICTED.contains(name)) {
        try {
          request.header(headers.get(i), headers.get(i + 1));
        } catch (IllegalArgumentException e) {
          throw HostOpException.typeError("fetch: header " + name + " cannot be sent: " + e.getMessage());
        }
      }
    }
    count.made++;
    Calls calls = context.local(Calls.class, Calls::new);
    double id = calls.nextId++;
    Call call = new Call(streamed);
    calls.byId.put(id, call);
    call.send(follow ? FOLLOW : MANUAL, request.build());
    return (double) id;
  }

  /** The worker's {@code content-length}, or -1 when it gave none that is a length. */
  private static long declaredLength(List<String> headers) throws HostOpException {
    for (int i = 0; i + 1 < headers.size(); i += 2) {
      if ("content-length".equalsIgnoreCase(headers.get(i))) {
        try {
          long length = Long.parseLong(headers.get(i + 1).trim());
          if (length >= 0) {
            return length;
          }
        } catch (NumberFormatException e) {
          // not a length: the body goes chunked
        }
        throw HostOpException.typeError("fetch: content-length " + headers.get(i + 1) + " is not a length in bytes");
      }
    }
    return -1;
  }

  /** The subrequests in progress in the current isolate. */
  private static Calls calls() {
    return OpContext.current().local(Calls.class, Calls::new);
  }

  private static Call call(Object id) throws HostOpException {
    Call call = calls().byId.get(((Number) id).doubleValue());
    if (call == null) {
      throw HostOpException.typeError("fetch: this response body was cancelled");
    }
    return call;
  }

  /**
   * One subrequest: its response head, then its body. The body is read ahead of the worker up to
   * {@link #READ_AHEAD_BYTES}, and each read takes everything that has arrived, so that a worker
   * reading a large body crosses into JavaScript once per large chunk rather than once per 16 KiB
   * buffer of the client.
   */
  private static final class Call implements Flow.Subscriber<List<ByteBuffer>> {
    static final int READ_AHEAD_BYTES = 1 << 20;

    private final StreamedBody body;
    private final CompletableFuture<Map<String, Object>> head = new CompletableFuture<>();
    private final java.util.ArrayDeque<ByteBuffer> arrived = new java.util.ArrayDeque<>();
    private int arrivedBytes;
    private boolean requested;
    private CompletableFuture<HttpResponse<Flow.Publisher<List<ByteBuffer>>>> exchange;
    private Flow.Subscription subscription;
    private CompletableFuture<byte[]> pendingRead;
    private boolean complete;
    private boolean cancelled;
    private Throwable failure;

    Call(StreamedBody body) {
      this.body = body;
    }

    StreamedBody body() throws HostOpException {
      if (body == null) {
        throw HostOpException.typeError("fetch: this request's body was not a stream");
      }
      return body;
    }

    void send(HttpClient client, HttpRequest request) {
      exchange = client.sendAsync(request, HttpResponse.BodyHandlers.ofPublisher());
      exchange.whenComplete((response, error) -> {
        if (error != null) {
          if (body != null) {
            body.fail(error);
          }
          head.completeExceptionally(new IllegalStateException("fetch to " + request.uri() + " failed: "
              + (error.getCause() != null ? error.getCause() : error)));
          return;
        }
        List<String> flat = new ArrayList<>();
        response.headers().map().forEach((name, values) -> {
          if (!name.startsWith(":")) {
            for (String value : values) {
              flat.add(name);
              flat.add(value);
            }
          }
        });
        Map<String, Object> result = new HashMap<>();
        result.put("status", response.statusCode());
        result.put("url", response.uri().toString());
        result.put("redirected", !response.uri().equals(request.uri()));
        result.put("headers", flat);
        response.body().subscribe(this);
        head.complete(result);
      });
    }

    CompletableFuture<Map<String, Object>> head() {
      return head;
    }

    CompletableFuture<byte[]> read() {
      CompletableFuture<byte[]> read;
      synchronized (this) {
        if (arrivedBytes > 0) {
          read = CompletableFuture.completedFuture(takeArrived());
        } else if (failure != null) {
          read = CompletableFuture.failedFuture(failure);
        } else if (complete) {
          read = CompletableFuture.completedFuture(null);
        } else {
          pendingRead = new CompletableFuture<>();
          read = pendingRead;
        }
      }
      requestMore();
      return read;
    }

    /** Asks the client for the next buffers while what has arrived is under the read-ahead bound. */
    private void requestMore() {
      Flow.Subscription s;
      synchronized (this) {
        if (requested || complete || cancelled || subscription == null || arrivedBytes >= READ_AHEAD_BYTES) {
          return;
        }
        requested = true;
        s = subscription;
      }
      s.request(1);
    }

    /** All that has arrived, as one chunk; called holding the lock. */
    private byte[] takeArrived() {
      byte[] chunk = new byte[arrivedBytes];
      int at = 0;
      ByteBuffer buffer;
      while ((buffer = arrived.poll()) != null) {
        int n = buffer.remaining();
        buffer.get(chunk, at, n);
        at += n;
      }
      arrivedBytes = 0;
      return chunk;
    }

    void cancel() {
      if (body != null) {
        body.fail(new IOException("the subrequest was cancelled"));
      }
      Flow.Subscription s;
      synchronized (this) {
        cancelled = true;
        complete = true;
        arrived.clear();
        arrivedBytes = 0;
        s = subscription;
      }
      if (s != null) {
        s.cancel();
      } else if (exchange != null) {
        exchange.cancel(true);
      }
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      synchronized (this) {
        subscription = s;
      }
      requestMore();
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
      CompletableFuture<byte[]> read = null;
      byte[] chunk = null;
      synchronized (this) {
        requested = false;
        for (ByteBuffer buffer : buffers) {
          if (buffer.hasRemaining()) {
            arrived.add(buffer);
            arrivedBytes += buffer.remaining();
          }
        }
        if (pendingRead != null && arrivedBytes > 0) {
          read = pendingRead;
          pendingRead = null;
          chunk = takeArrived();
        }
      }
      if (read != null) {
        read.complete(chunk);
      }
      requestMore();
    }

    @Override
    public void onError(Throwable error) {
      CompletableFuture<byte[]> read;
      synchronized (this) {
        failure = error;
        read = pendingRead;
        pendingRead = null;
      }
      if (read != null) {
        read.completeExceptionally(error);
      }
    }

    @Override
    public void onComplete() {
      CompletableFuture<byte[]> read;
      byte[] chunk = null;
      synchronized (this) {
        complete = true;
        read = pendingRead;
        pendingRead = null;
        if (read != null && arrivedBytes > 0) {
          chunk = takeArrived();
        }
      }
      if (read != null) {
        read.complete(chunk);
      }
    }
  }
}
