package dev.meridian.pop.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * The last handler of the pipeline: turns each decoded request into a {@link NettyExchange}, hands it
 * to the {@link Dispatcher}, feeds it the body chunks that follow and reads from the socket only when
 * the worker wants more. On an HTTP/1.1 connection it asks for the next request once a response is
 * complete; on an HTTP/2 or HTTP/3 stream ({@code http2} true: one request per channel) there is only one.
 *
 * <p>Needs {@code autoRead} off on its channel: it drives reads itself.
 */
final class WorkerRequestHandler extends ChannelInboundHandlerAdapter {

  private final Dispatcher dispatcher;
  private final HttpFront.Tracker tracker;
  private final String scheme;
  private final boolean http2;
  private @Nullable NettyExchange current;

  WorkerRequestHandler(Dispatcher dispatcher, HttpFront.Tracker tracker, String scheme, boolean http2) {
    this.dispatcher = dispatcher;
    this.tracker = tracker;
    this.scheme = scheme;
    this.http2 = http2;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    if (ctx.channel().isActive()) {
      ctx.read();
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    ctx.read();
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest request) {
      boolean hasBody = http2
          ? !(msg instanceof LastHttpContent)
          : HttpUtil.isTransferEncodingChunked(request) || HttpUtil.getContentLength(request, 0L) > 0;
      NettyExchange exchange = new NettyExchange(ctx, newRequestId(), request, scheme, http2, hasBody,
          () -> completed(ctx));
      current = exchange;
      tracker.started();
      if (msg instanceof HttpContent content) {
        exchange.offer(content.content(), true); // a whole HTTP/2 request: the body comes with the head
      }
      dispatcher.dispatch(exchange);
      return;
    }
    if (msg instanceof HttpContent content) {
      NettyExchange exchange = current;
      if (exchange == null) {
        ReferenceCountUtil.release(msg);
        return;
      }
      exchange.offer(content.content(), msg instanceof LastHttpContent);
      return;
    }
    ReferenceCountUtil.release(msg);
  }

  private void completed(ChannelHandlerContext ctx) {
    tracker.finished();
    if (http2) {
      return;
    }
    NettyExchange exchange = current;
    if (exchange != null && exchange.bodyDone()) {
      current = null;
      if (tracker.draining()) {
        ctx.close(); // graceful shutdown: no new request on this connection
      } else {
        ctx.read();
      }
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    NettyExchange exchange = current;
    if (cause instanceof HttpLimitsHandler.BodyTooLargeException && exchange != null) {
      exchange.failBody(cause.getMessage());
      HttpResponseStatus status = HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE;
      exchange.respond(status.code(), List.of("content-type", "text/plain; charset=utf-8", "connection", "close"),
          (status.code() + " " + status.reasonPhrase() + ": " + cause.getMessage() + "\n")
              .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return;
    }
    ctx.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    NettyExchange exchange = current;
    current = null;
    if (exchange != null) {
      exchange.channelClosed();
    }
    ctx.fireChannelInactive();
  }

  private static String newRequestId() {
    return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
  }
}
