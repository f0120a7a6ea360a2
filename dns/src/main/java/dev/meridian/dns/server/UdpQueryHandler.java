package dev.meridian.dns.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only handler of a UDP socket: answers each datagram with one datagram (or none). Writes are
 * flushed once per read batch, so that epoll can send them with one {@code sendmmsg}. Not sharable:
 * it owns the channel's {@link QueryProbe}.
 */
final class UdpQueryHandler extends SimpleChannelInboundHandler<DatagramPacket> {

  private static final Logger LOG = LoggerFactory.getLogger(UdpQueryHandler.class);

  private final AnswerCache answers;
  private final QueryProbe probe = new QueryProbe();

  UdpQueryHandler(AnswerCache answers) {
    this.answers = answers;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
    try {
      ByteBuf response = answers.answer(packet.content(), packet.sender().getAddress(), true, ctx.alloc(), probe);
      if (response != null) {
        ctx.write(new DatagramPacket(response, packet.sender()), ctx.voidPromise());
      }
    } catch (RuntimeException e) {
      // A bug answering one query must not stop the socket: drop the query, keep serving.
      LOG.warn("no answer to a {}-byte query from {}: {}", packet.content().readableBytes(), packet.sender(), e.toString());
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ctx.flush();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.warn("UDP socket {}: {}", ctx.channel().localAddress(), cause.toString());
  }
}
