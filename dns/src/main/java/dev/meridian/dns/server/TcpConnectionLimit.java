package dev.meridian.dns.server;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Closes a new TCP connection when {@code max} are already open, so that idle or slow clients cannot
 * take every file descriptor; UDP, where almost all queries arrive, is not affected. First in the
 * pipeline of each accepted connection; one instance is shared by all of them.
 */
@ChannelHandler.Sharable
final class TcpConnectionLimit extends ChannelInboundHandlerAdapter {

  private final int max;
  private final DnsMetrics metrics;
  private final AtomicInteger open = new AtomicInteger();

  TcpConnectionLimit(int max, DnsMetrics metrics) {
    this.max = max;
    this.metrics = metrics;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    if (open.incrementAndGet() > max) {
      metrics.tcpRefused();
      ctx.close();
      return;
    }
    ctx.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    open.decrementAndGet();
    ctx.fireChannelInactive();
  }
}
