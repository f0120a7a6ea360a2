package dev.meridian.pop.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import org.jspecify.annotations.Nullable;

/**
 * Tells a request without a body from one with a body on an HTTP/3 stream. HTTP/3 ends a request by
 * closing the stream, not by a flag on the headers, so Netty's conversion hands on the head alone
 * (marked chunked) and the end later. This handler holds the head until the next message: the end of
 * the stream with nothing in it makes a {@link FullHttpRequest} (a GET reaches the worker with no
 * body, as over HTTP/2); anything else lets the head go first, with the chunked mark removed (it is
 * Netty's, not the client's: HTTP/3 has no Transfer-Encoding).
 *
 * <p>Sits right after {@code Http3FrameToHttpObjectCodec}, before the limits. One per stream.
 */
final class Http3RequestEndHandler extends ChannelInboundHandlerAdapter {

  private @Nullable HttpRequest head;

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest request && !(msg instanceof FullHttpRequest)) {
      request.headers().remove(HttpHeaderNames.TRANSFER_ENCODING);
      head = request;
      ctx.read(); // the stream does not read on its own: fetch what tells a GET from an upload
      return;
    }
    HttpRequest held = head;
    if (held == null) {
      ctx.fireChannelRead(msg);
      return;
    }
    head = null;
    if (msg instanceof LastHttpContent last && !last.content().isReadable() && last.trailingHeaders().isEmpty()) {
      ReferenceCountUtil.release(msg);
      ctx.fireChannelRead(new DefaultFullHttpRequest(held.protocolVersion(), held.method(), held.uri(),
          Unpooled.EMPTY_BUFFER, held.headers(), last.trailingHeaders()));
      return;
    }
    ctx.fireChannelRead(held);
    if (msg instanceof HttpContent) {
      ctx.fireChannelRead(msg);
    } else {
      ReferenceCountUtil.release(msg);
    }
  }
}
