package dev.meridian.pop.http;

import dev.meridian.pop.io.RequestBody;
import dev.meridian.pop.io.WorkerExchange;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import dev.meridian.pop.io.WebSocketSession;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * A request on one Netty channel (an HTTP/1.1 connection or an HTTP/2 stream) seen as a {@link
 * WorkerExchange}. Calls from the isolate's thread hop onto the channel's event loop; all state below
 * is touched only there.
 *
 * <p>The body is read on demand: chunks the codec delivers wait in a queue of at most one socket
 * read, and the channel reads again only when the worker pulls and the queue is empty.
 */
final class NettyExchange implements WorkerExchange, RequestBody {

  /** Response bytes queued towards the socket above which the worker is asked to wait. */
  static final long HIGH_WATER_BYTES = 256 * 1024;
  /** …and below which it may go on. */
  static final long LOW_WATER_BYTES = 64 * 1024;

  /** Hop-by-hop headers (RFC 9110 §7.6.1): a worker's response never carries them out. */
  private static final Set<String> HOP_BY_HOP = Set.of(
      "connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "te", "trailer");

  private final ChannelHandlerContext ctx;
  private final EventExecutor executor;
  private final String requestId;
  private final HttpRequest head;
  private final String url;
  private final List<String> headers;
  private final boolean hasBody;
  private final boolean http2;
  private final Runnable onComplete;

  private final ArrayDeque<ByteBuf> chunks = new ArrayDeque<>();
  private boolean bodyEnded;
  private @Nullable String bodyError;
  private boolean bodyCancelled;
  private @Nullable Receiver waiting;
  private final AtomicLong queuedBytes = new AtomicLong();
  private final AtomicReference<@Nullable Runnable> whenDrained = new AtomicReference<>();
  private boolean responseStarted;
  private boolean complete;

  NettyExchange(ChannelHandlerContext ctx, String requestId, HttpRequest head, String scheme, boolean http2,
      boolean hasBody, Runnable onComplete) {
    this.ctx = ctx;
    this.executor = ctx.executor();
    this.requestId = requestId;
    this.head = head;
    this.http2 = http2;
    this.onComplete = onComplete;
    HttpHeaders h = head.headers();
    String host = h.get(HttpHeaderNames.HOST);
    if (host == null || host.isEmpty()) {
      host = "localhost";
    }
    String uri = head.uri();
    this.url = uri.startsWith("http://") || uri.startsWith("https://") ? uri : scheme + "://" + host + uri;
    this.headers = flatten(h);
    this.hasBody = hasBody;
  }

  private static List<String> flatten(HttpHeaders h) {
    String[] flat = new String[h.size() * 2];
    int i = 0;
    for (Map.Entry<String, String> entry : h) {
      String name = entry.getKey().toLowerCase(Locale.ROOT);
      if (name.startsWith("x-http2-")) {
        continue; // Netty's HTTP/2-to-HTTP/1 conversion headers, not the client's
      }
      flat[i++] = name;
      flat[i++] = entry.getValue();
    }
    return List.of(java.util.Arrays.copyOf(flat, i));
  }

  // ---- request ------------------------------------------------------------------------------

  @Override
  public String requestId() {
    return requestId;
  }

  @Override
  public String method() {
    return head.method().name();
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
    return hasBody ? this : null;
  }

  /** On the channel's loop: a body chunk from the codec. Takes ownership of {@code content}. */
  void offer(ByteBuf content, boolean last) {
    if (bodyCancelled || bodyEnded) {
      content.release();
      return;
    }
    if (content.isReadable()) {
      chunks.add(content);
    } else {
      content.release();
    }
    bodyEnded = last;
    serveWaiting();
  }

  /** On the channel's loop: the body cannot be completed (too large, connection lost). */
  void failBody(String message) {
    if (!bodyEnded) {
      bodyError = message;
      bodyEnded = true;
      serveWaiting();
    }
  }

  @Override
  public void pull(Receiver receiver) {
    executor.execute(() -> {
      waiting = receiver;
      serveWaiting();
      if (waiting != null && !bodyEnded) {
        ctx.read();
      }
    });
  }

  private void serveWaiting() {
    Receiver receiver = waiting;
    if (receiver == null) {
      return;
    }
    ByteBuf chunk = chunks.poll();
    if (chunk != null) {
      waiting = null;
      byte[] bytes = new byte[chunk.readableBytes()];
      chunk.readBytes(bytes);
      chunk.release();
      receiver.onChunk(bytes);
    } else if (bodyEnded) {
      waiting = null;
      if (bodyError != null) {
        receiver.onError(bodyError);
      } else {
        receiver.onEnd();
      }
    }
  }

  @Override
  public void cancel() {
    executor.execute(() -> {
      bodyCancelled = true;
      waiting = null;
      releaseChunks();
    });
  }

  /** Whether the request body has been read to its end (so the connection may serve another). */
  boolean bodyDone() {
    return !hasBody || bodyEnded || bodyCancelled;
  }

  void releaseChunks() {
    ByteBuf chunk;
    while ((chunk = chunks.poll()) != null) {
      chunk.release();
    }
  }

  // ---- response -----------------------------------------------------------------------------

  @Override
  public void respond(int status, List<String> responseHeaders, byte[] body) {
    executor.execute(() -> {
      if (responseStarted || complete) {
        return;
      }
      responseStarted = true;
      boolean bodyAllowed = !HttpMethod.HEAD.equals(head.method()) && status != 204 && status != 304;
      FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status(status),
          bodyAllowed ? Unpooled.wrappedBuffer(body) : Unpooled.EMPTY_BUFFER);
      copyHeaders(responseHeaders, response.headers());
      response.headers().remove(HttpHeaderNames.CONTENT_LENGTH);
      if (status != 204 && status != 304) {
        HttpUtil.setContentLength(response, body.length);
      }
      finish(response);
    });
  }

  @Override
  public void startResponse(int status, List<String> responseHeaders) {
    executor.execute(() -> {
      if (responseStarted || complete) {
        return;
      }
      responseStarted = true;
      HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, status(status));
      copyHeaders(responseHeaders, response.headers());
      if (!response.headers().contains(HttpHeaderNames.CONTENT_LENGTH) && !http2) {
        HttpUtil.setTransferEncodingChunked(response, true);
      }
      ctx.writeAndFlush(response);
    });
  }

  @Override
  public boolean write(byte[] chunk, Runnable whenWritable) {
    long queued = queuedBytes.addAndGet(chunk.length);
    executor.execute(() -> {
      if (complete || !ctx.channel().isActive()) {
        written(chunk.length);
        return;
      }
      ctx.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(chunk)))
          .addListener(f -> written(chunk.length));
    });
    if (queued < HIGH_WATER_BYTES) {
      return true;
    }
    whenDrained.set(whenWritable);
    if (queuedBytes.get() < LOW_WATER_BYTES) {
      runDrained();
    }
    return false;
  }

  /** Bytes the socket took (or that were dropped): may let a waiting worker go on. */
  private void written(long bytes) {
    if (queuedBytes.addAndGet(-bytes) < LOW_WATER_BYTES) {
      runDrained();
    }
  }

  private void runDrained() {
    Runnable pending = whenDrained.getAndSet(null);
    if (pending != null) {
      pending.run();
    }
  }

  @Override
  public void end() {
    executor.execute(() -> {
      if (!complete) {
        finish(LastHttpContent.EMPTY_LAST_CONTENT);
      }
    });
  }

  @Override
  public void abort(String reason) {
    executor.execute(() -> {
      if (!complete) {
        complete = true;
        releaseChunks();
        ctx.close();
        onComplete.run();
      }
    });
  }

  /** The largest WebSocket message a worker receives, joined from its frames. */
  static final int MAX_WEBSOCKET_MESSAGE = 1 << 20;

  @Override
  public @Nullable WebSocketSession acceptWebSocket(List<String> responseHeaders) {
    if (http2 || !HttpHeaderValues.WEBSOCKET.contentEqualsIgnoreCase(
        String.valueOf(head.headers().get(HttpHeaderNames.UPGRADE)))) {
      return null;
    }
    NettyWebSocket socket = new NettyWebSocket(ctx.channel());
    executor.execute(() -> {
      if (responseStarted || complete || !ctx.channel().isActive()) {
        socket.closedByClient(1006, "");
        return;
      }
      responseStarted = true;
      complete = true;
      String protocol = null;
      HttpHeaders extra = new DefaultHttpHeaders();
      for (int i = 0; i + 1 < responseHeaders.size(); i += 2) {
        String name = responseHeaders.get(i).toLowerCase(Locale.ROOT);
        if (name.equals("sec-websocket-protocol")) {
          protocol = responseHeaders.get(i + 1);
        } else if (!HOP_BY_HOP.contains(name)) {
          extra.add(name, responseHeaders.get(i + 1));
        }
      }
      String scheme = url.startsWith("https:") ? "wss" : "ws";
      WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(
          scheme + url.substring(url.indexOf(':')), protocol, false, MAX_WEBSOCKET_MESSAGE).newHandshaker(head);
      ChannelPipeline pipeline = ctx.pipeline();
      if (handshaker == null) {
        WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
        socket.closedByClient(1006, "");
        onComplete.run();
        return;
      }
      // From here the connection carries frames, not HTTP: the HTTP/1.1 handlers step aside.
      for (String name : new String[] {"header-timeout", "pipelining", "keep-alive", "limits"}) {
        if (pipeline.get(name) != null) {
          pipeline.remove(name);
        }
      }
      pipeline.replace(WorkerRequestHandler.class, "websocket", new WebSocketBridgeHandler(socket));
      FullHttpRequest request = new DefaultFullHttpRequest(head.protocolVersion(), head.method(), head.uri(),
          Unpooled.EMPTY_BUFFER, head.headers(), EmptyHttpHeaders.INSTANCE);
      handshaker.handshake(ctx.channel(), request, extra, ctx.channel().newPromise()).addListener(done -> {
        if (done.isSuccess()) {
          pipeline.addBefore("websocket", "websocket-aggregator", new WebSocketFrameAggregator(MAX_WEBSOCKET_MESSAGE));
        } else {
          socket.closedByClient(1006, "");
          ctx.channel().close();
        }
      });
      onComplete.run();
    });
    return socket;
  }

  /** On the channel's loop: the connection or stream went away before the response was done. */
  void channelClosed() {
    failBody("the client closed the connection");
    runDrained();
    if (!complete) {
      complete = true;
      onComplete.run();
    }
  }

  boolean isComplete() {
    return complete;
  }

  private void finish(Object last) {
    complete = true;
    if (!http2 && !bodyDone()) {
      // The worker answered without reading the whole body; the rest cannot be skipped safely.
      if (last instanceof HttpResponse response) {
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE); // keep-alive ends it
        ctx.writeAndFlush(last);
      } else {
        ctx.writeAndFlush(last).addListener(written -> LingeringClose.close(ctx));
      }
    } else {
      ctx.writeAndFlush(last);
    }
    onComplete.run();
  }

  private static HttpResponseStatus status(int code) {
    return code >= 100 && code <= 999 ? HttpResponseStatus.valueOf(code) : HttpResponseStatus.INTERNAL_SERVER_ERROR;
  }

  private static void copyHeaders(List<String> flat, HttpHeaders into) {
    for (int i = 0; i + 1 < flat.size(); i += 2) {
      String name = flat.get(i);
      if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
        into.add(name, flat.get(i + 1));
      }
    }
  }
}
