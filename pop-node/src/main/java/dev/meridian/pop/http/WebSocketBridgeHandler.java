package dev.meridian.pop.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.util.ReferenceCountUtil;

/**
 * The last handler of a connection a worker accepted as a WebSocket (it replaces the worker bridge
 * after the handshake): messages go to the {@link NettyWebSocket}, pings are answered, a close frame
 * is echoed and ends the connection. Sits after Netty's frame codec and {@code
 * WebSocketFrameAggregator}, so continuation frames arrive joined.
 */
final class WebSocketBridgeHandler extends ChannelInboundHandlerAdapter {

  private final NettyWebSocket socket;

  WebSocketBridgeHandler(NettyWebSocket socket) {
    this.socket = socket;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (msg instanceof TextWebSocketFrame text) {
        socket.text(text.text());
      } else if (msg instanceof BinaryWebSocketFrame binary) {
        socket.binary(ByteBufUtil.getBytes(binary.content()));
      } else if (msg instanceof PingWebSocketFrame ping) {
        ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
        ctx.read();
      } else if (msg instanceof PongWebSocketFrame) {
        ctx.read();
      } else if (msg instanceof CloseWebSocketFrame close) {
        int code = close.statusCode() < 0 ? WebSocketCloseStatus.EMPTY.code() : close.statusCode();
        socket.closedByClient(code, close.reasonText());
        ctx.writeAndFlush(new CloseWebSocketFrame(close.statusCode() < 0 ? 1000 : close.statusCode(), ""))
            .addListener(ChannelFutureListener.CLOSE);
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    socket.closedByClient(WebSocketCloseStatus.ABNORMAL_CLOSURE.code(), "");
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // A protocol error from the frame decoder (a frame over the limit, say): close as RFC 6455 says.
    ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.PROTOCOL_ERROR))
        .addListener(ChannelFutureListener.CLOSE);
  }
}
