package dev.meridian.pop.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * Decides whether an HTTP/1.1 connection outlives the response being written: not when the client
 * asked to close, not when the response says {@code Connection: close}, not while the node drains.
 * When it does not, the response carries {@code Connection: close} and the connection ends with a
 * {@link LingeringClose} once the response is out.
 *
 * <p>Sits after the pipelining handler (so it sees one request at a time), before the limits
 * handler (whose rejections say {@code Connection: close} and pass through here).
 */
final class KeepAliveHandler extends ChannelDuplexHandler {

  private final HttpFront.Tracker tracker;
  private boolean keepAlive = true;

  KeepAliveHandler(HttpFront.Tracker tracker) {
    this.tracker = tracker;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest request) {
      keepAlive = HttpUtil.isKeepAlive(request);
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof HttpResponse response) {
      if (!keepAlive || tracker.draining() || response.headers().contains(HttpHeaderNames.CONNECTION,
          HttpHeaderValues.CLOSE, true)) {
        keepAlive = false;
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      } else if (!response.protocolVersion().isKeepAliveDefault()) {
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
      }
    }
    if (msg instanceof LastHttpContent && !keepAlive) {
      ctx.write(msg, promise).addListener(written -> LingeringClose.close(ctx));
      return;
    }
    ctx.write(msg, promise);
  }
}
