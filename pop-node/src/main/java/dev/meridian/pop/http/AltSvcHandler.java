package dev.meridian.pop.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.AsciiString;

/**
 * Advertises HTTP/3 (RFC 7838, RFC 9114 §3.1.1): every response over TLS carries {@code Alt-Svc:
 * h3=":PORT"; ma=86400}, so a browser that got its first answer over h2 or http/1.1 tries QUIC next
 * time. A worker's own Alt-Svc header wins.
 *
 * <p>Sits right after the HTTP/1.1 codec, or after the HTTP/2-to-HTTP-objects codec on each stream.
 */
@ChannelHandler.Sharable
final class AltSvcHandler extends ChannelOutboundHandlerAdapter {

  /** How long clients may remember the advertisement: a day, as the large CDNs do. */
  static final long MAX_AGE_SECONDS = 86_400;
  private static final AsciiString ALT_SVC = AsciiString.cached("alt-svc");

  private final String value;

  AltSvcHandler(int http3Port) {
    this.value = "h3=\":" + http3Port + "\"; ma=" + MAX_AGE_SECONDS;
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof HttpResponse response && !response.headers().contains(ALT_SVC)) {
      response.headers().set(ALT_SVC, value);
    }
    ctx.write(msg, promise);
  }
}
