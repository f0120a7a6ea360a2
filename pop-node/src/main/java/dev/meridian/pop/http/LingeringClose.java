package dev.meridian.pop.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection the way RFC 9112 §9.6 advises: closing a socket that still has unread input
 * makes TCP reset it, and the client may lose the response it has not read yet. So the output is
 * shut down first, and whatever the client still sends is read and dropped until it closes its side
 * or {@link #LINGER_MILLIS} pass. Over TLS the output ends with a close_notify alert before the FIN,
 * so the client can tell the end of the response from a truncation (RFC 8446 §6.1).
 */
final class LingeringClose {

  static final long LINGER_MILLIS = 2_000;

  private LingeringClose() {}

  static void close(ChannelHandlerContext ctx) {
    Channel channel = ctx.channel();
    if (channel instanceof DuplexChannel duplex && duplex.isActive() && !duplex.isOutputShutdown()) {
      SslHandler tls = channel.pipeline().get(SslHandler.class);
      channel.pipeline().addFirst(new Discard());
      channel.config().setAutoRead(true);
      if (tls != null) {
        tls.closeOutbound().addListener(notified -> duplex.shutdownOutput());
      } else {
        duplex.shutdownOutput();
      }
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
