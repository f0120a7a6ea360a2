package dev.meridian.control.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of the pipeline (after the codec and {@link JsonAggregator}): hands each whole
 * request to the {@link Router} on the blocking executor (handlers touch SQLite and disk, never on
 * the event loop) and writes the answer back.
 *
 * <p>One request at a time per connection: reading stops while a request runs and resumes once its
 * response is written; pipelined requests already decoded wait in a queue, so they are answered in
 * order. A streamed response turns reading back on only to notice the client leaving; what it then
 * sends is discarded. A stream is best-effort like the log tail behind it: while the client does not
 * keep up (the channel is not writable), chunks are dropped rather than buffered without bound.
 */
final class ApiRequestHandler extends ChannelInboundHandlerAdapter {

  private static final Logger LOG = LoggerFactory.getLogger(ApiRequestHandler.class);

  private final Router router;
  private final Executor executor;
  /** Event-loop state: a request is running; requests decoded meanwhile wait here, in order. */
  private boolean busy;
  private boolean streaming;
  private final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>();

  ApiRequestHandler(Router router, Executor executor) {
    this.router = router;
    this.executor = executor;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (streaming || !(msg instanceof FullHttpRequest request)) {
      ReferenceCountUtil.release(msg);
    } else if (busy) {
      // Pipelined: decoded from the same read as the running request; answered after it.
      waiting.add(request);
    } else {
      start(ctx, request);
    }
  }

  private void start(ChannelHandlerContext ctx, FullHttpRequest request) {
    busy = true;
    ctx.channel().config().setAutoRead(false);
    try {
      if (request.decoderResult().isFailure()) {
        writeAndClose(ctx, decodeError(request.decoderResult().cause()));
        return;
      }
      boolean keepAlive = HttpUtil.isKeepAlive(request);
      QueryStringDecoder uri = new QueryStringDecoder(request.uri());
      ApiRequest apiRequest = new ApiRequest(request.method(), uri.rawPath(), Map.of(),
          uri.parameters(), request.headers().copy(), ByteBufUtil.getBytes(request.content()), null);
      executor.execute(() -> respond(ctx, router.dispatch(apiRequest), keepAlive));
    } catch (IllegalArgumentException e) {
      writeAndClose(ctx, ApiException.badRequest("malformed request URI: " + e.getMessage()));
    } catch (RejectedExecutionException e) {
      writeAndClose(ctx, ApiException.unavailable("the control plane is shutting down; retry shortly"));
    } finally {
      request.release();
    }
  }

  /** On the event loop, once a response is written: the next waiting request, or read again. */
  private void next(ChannelHandlerContext ctx) {
    busy = false;
    FullHttpRequest request = waiting.poll();
    if (request != null) {
      start(ctx, request);
    } else {
      ctx.channel().config().setAutoRead(true);
    }
  }

  /** An idle connection (see {@link ApiLimits#idleTimeout()}) is closed unless a request or a tail runs on it. */
  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof IdleStateEvent) {
      if (!busy && !streaming) {
        ctx.close();
      }
      return;
    }
    ctx.fireUserEventTriggered(event);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    releaseWaiting();
    ctx.fireChannelInactive();
  }

  private void releaseWaiting() {
    for (FullHttpRequest r = waiting.poll(); r != null; r = waiting.poll()) {
      r.release();
    }
  }

  private static ApiException decodeError(Throwable cause) {
    if (cause instanceof TooLongHttpHeaderException) {
      return new ApiException(431, "headers_too_large",
          "the request headers are too large (" + cause.getMessage() + "); send fewer or smaller headers");
    }
    if (cause instanceof TooLongHttpLineException) {
      return new ApiException(414, "uri_too_long",
          "the request line is too long (" + cause.getMessage() + "); shorten the URI");
    }
    String what = cause instanceof TooLongFrameException ? "too long" : "malformed";
    return ApiException.badRequest("the HTTP request is " + what + ": " + cause.getMessage());
  }

  private void respond(ChannelHandlerContext ctx, ApiResponse response, boolean keepAlive) {
    switch (response) {
      case ApiResponse.Body body -> {
        FullHttpResponse out = full(HttpResponseStatus.valueOf(body.status()), body.contentType(), body.bytes());
        if (!keepAlive) {
          out.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
          ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
        } else {
          ctx.writeAndFlush(out).addListener((ChannelFutureListener) f -> {
            if (f.isSuccess()) {
              next(ctx);
            } else {
              f.channel().close();
            }
          });
        }
      }
      case ApiResponse.Stream stream -> startStream(ctx, stream);
    }
  }

  private void startStream(ChannelHandlerContext ctx, ApiResponse.Stream stream) {
    HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    head.headers().set(HttpHeaderNames.CONTENT_TYPE, stream.contentType());
    head.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE);
    HttpUtil.setTransferEncodingChunked(head, true);
    ctx.executor().execute(() -> {
      streaming = true;
      releaseWaiting();
    });
    // The head is flushed only once the subscription exists: a client that has the head misses no event.
    ctx.write(head);
    try {
      AutoCloseable subscription = stream.streamer().start(chunk -> {
        if (ctx.channel().isActive() && ctx.channel().isWritable()) {
          ctx.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(chunk)));
        }
      });
      ctx.channel().closeFuture().addListener(f -> {
        try {
          subscription.close();
        } catch (Exception e) {
          LOG.warn("event=stream_close_failed error={}", e.toString());
        }
      });
      ctx.flush();
      // Reading again is how a closed connection is noticed; anything the client sends is dropped.
      ctx.channel().config().setAutoRead(true);
    } catch (Exception e) {
      LOG.error("event=stream_start_failed", e);
      ctx.close();
    }
  }

  private static FullHttpResponse full(HttpResponseStatus status, String contentType, byte[] bytes) {
    FullHttpResponse out = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
    if (bytes.length > 0 || status.code() != 204) {
      out.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    }
    if (status.code() != 204) {
      HttpUtil.setContentLength(out, bytes.length);
    }
    return out;
  }

  private static void writeAndClose(ChannelHandlerContext ctx, ApiException e) {
    ApiResponse.Body body = (ApiResponse.Body) ApiResponse.error(e);
    FullHttpResponse out = full(HttpResponseStatus.valueOf(body.status()), body.contentType(), body.bytes());
    out.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("event=connection_error error={}", cause.toString());
    ctx.close();
  }
}
