package dev.meridian.pop.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection the way RFC 9112 §9.6 advises: closing a socket that still has unread input
 * makes TCP reset it, and the client may lose the response it has not read yet. So the output is
 * shut down first, and whatever the client still sends is read and dropped until it closes its side
 * or {@link #LINGER_MILLIS} pass.
 */
final class LingeringClose {

  static final long LINGER_MILLIS = 2_000;

  private LingeringClose() {}

  static void close(ChannelHandlerContext ctx) {
    Channel channel = ctx.channel();
    if (channel instanceof DuplexChannel duplex && duplex.isActive() && !duplex.isOutputShutdown()) {
      channel.pipeline().addFirst(new Discard());
      channel.config().setAutoRead(true);
      duplex.shutdownOutput();
      ctx.executor().schedule(() -> {
        channel.close();
      }, LINGER_MILLIS, TimeUnit.MILLISECONDS);
    } else {
      channel.close();
    }
  }

  /** Drops everything the client still sends; its end of input closes the channel. */
  private static final class Discard extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ReferenceCountUtil.release(msg);
    }
  }
}
