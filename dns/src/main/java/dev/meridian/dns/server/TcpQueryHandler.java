package dev.meridian.dns.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.ReadTimeoutException;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the length-delimited queries of one TCP connection (RFC 7766), in order. Sits after a
 * {@code ReadTimeoutHandler} (idle connections close) and a two-byte length-field frame decoder.
 * A query that earns no answer (not even a header's worth of bytes) closes the connection; a client
 * that does not read its answers is not read from until it does (the write buffer's high water
 * mark, 64 KiB by default, bounds what it can make us hold). Not
 * sharable: it owns the connection's {@link QueryProbe}.
 */
final class TcpQueryHandler extends SimpleChannelInboundHandler<ByteBuf> {

  private static final Logger LOG = LoggerFactory.getLogger(TcpQueryHandler.class);

  private final AnswerCache answers;
  private final QueryProbe probe = new QueryProbe();

  TcpQueryHandler(AnswerCache answers) {
    this.answers = answers;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, ByteBuf query) {
    ByteBuf response;
    try {
      InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
      response = answers.answer(query, remote.getAddress(), false, ctx.alloc(), probe);
    } catch (RuntimeException e) {
      LOG.warn("no answer to a {}-byte TCP query from {}: {}", query.readableBytes(), ctx.channel().remoteAddress(), e.toString());
      response = null;
    }
    if (response == null) {
      ctx.close();
    } else {
      ctx.write(response, ctx.voidPromise());
      if (!ctx.channel().isWritable()) {
        // A client that sends queries but does not read the answers: stop reading until it does.
        // Writability comes back only through a flush, which comes after this (channelReadComplete).
        ctx.channel().config().setAutoRead(false);
      }
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable()) {
      ctx.channel().config().setAutoRead(true);
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ctx.flush();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (!(cause instanceof ReadTimeoutException)) {
      LOG.debug("TCP connection {}: {}", ctx.channel().remoteAddress(), cause.toString());
    }
    ctx.close();
  }
}
