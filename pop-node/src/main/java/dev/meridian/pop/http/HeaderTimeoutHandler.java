package dev.meridian.pop.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http2.CleartextHttp2ServerUpgradeHandler;
import io.netty.handler.codec.http.LastHttpContent;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes an HTTP/1.1 connection whose client takes longer than the header timeout to send a complete
 * request head: a slow-loris client trickling header bytes, or a keep-alive connection left idle.
 * The clock starts when the connection opens and again when a response has been written; it stops
 * when a request head is decoded.
 *
 * <p>Sits after {@code HttpServerCodec}, so that it sees decoded request heads and the responses going
 * out; on the cleartext port it is there from the connection's first byte (before the h2c decision),
 * and leaves when the connection turns out to speak HTTP/2. On an HTTP/3 stream it sits after the
 * HTTP/3-to-HTTP-objects codec and ends a stream that was opened without a request head.
 */
final class HeaderTimeoutHandler extends ChannelDuplexHandler {

  private final long timeoutNanos;
  private ScheduledFuture<?> timer;
  /** A request head arrived and its response is not out yet: no clock (a QUIC stream turns active late). */
  private boolean serving;

  HeaderTimeoutHandler(Duration timeout) {
    this.timeoutNanos = timeout.toNanos();
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    if (ctx.channel().isActive() && !serving) {
      arm(ctx);
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    if (!serving) {
      arm(ctx);
    }
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest) {
      serving = true;
      disarm();
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof LastHttpContent) {
      ctx.write(msg, promise).addListener(f -> {
        serving = false;
        arm(ctx);
      });
    } else {
      ctx.write(msg, promise);
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof CleartextHttp2ServerUpgradeHandler.PriorKnowledgeUpgradeEvent
        || evt instanceof HttpServerUpgradeHandler.UpgradeEvent) {
      // The connection speaks HTTP/2 from here: no HTTP/1.1 request heads to time.
      disarm();
      ctx.pipeline().remove(this);
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    disarm();
    ctx.fireChannelInactive();
  }

  private void arm(ChannelHandlerContext ctx) {
    disarm();
    timer = ctx.executor().schedule(() -> {
      ctx.close();
    }, timeoutNanos, TimeUnit.NANOSECONDS);
  }

  private void disarm() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }
}
