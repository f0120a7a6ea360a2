package dev.meridian.pop.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;

/**
 * Keeps HTTP/1.1 pipelining in order: a request that arrives while another's response is still being
 * written is held, with its body, until that response's last part has gone out (RFC 9112 §9.3.2).
 * While it holds requests, it answers the bridge's read demand from what it holds instead of reading
 * more from the socket, so what it buffers is bounded by one socket read.
 *
 * <p>Sits right after the header timeout, so that keep-alive, limits and the bridge behind it see
 * one request at a time. HTTP/2 streams never pass here.
 */
final class HttpPipeliningHandler extends ChannelDuplexHandler {

  private final ArrayDeque<Object> held = new ArrayDeque<>();
  private boolean responding;
  private boolean holding;

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest) {
      if (responding) {
        holding = true;
        held.add(msg);
        return;
      }
      responding = true;
    } else if (holding) {
      held.add(msg);
      return;
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    ctx.write(msg, promise);
    if (msg instanceof LastHttpContent) {
      responding = false;
      release(ctx);
    }
  }

  @Override
  public void read(ChannelHandlerContext ctx) {
    if (!holding) {
      ctx.read();
    }
  }

  /** Passes on held messages up to and including the next request's head and what follows it, until another head. */
  private void release(ChannelHandlerContext ctx) {
    while (!held.isEmpty()) {
      Object next = held.peek();
      if (next instanceof HttpRequest) {
        if (responding) {
          return;
        }
        responding = true;
      }
      held.poll();
      ctx.fireChannelRead(next);
    }
    holding = false;
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    for (Object msg : held) {
      ReferenceCountUtil.release(msg);
    }
    held.clear();
    ctx.fireChannelInactive();
  }
}
