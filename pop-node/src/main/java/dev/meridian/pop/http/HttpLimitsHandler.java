package dev.meridian.pop.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;

/**
 * Turns requests the decoder could not take, or that are too big, into the status RFC 9110 names
 * and closes the connection: 414 for a request line over the limit, 431 for headers over it, 400 for
 * anything malformed, 413 for a body larger than {@link HttpLimits#maxBodyBytes()} (at once when
 * Content-Length says so; when a chunked body crosses the limit, a {@link BodyTooLargeException} goes
 * down the pipeline so that the worker's body stream errors, and the rest of the body is dropped).
 *
 * <p>Sits after the codec (HTTP/1.1) or the HTTP/2-to-HTTP-objects codec, before the worker bridge.
 */
final class HttpLimitsHandler extends ChannelInboundHandlerAdapter {

  /** A streamed request body crossed the limit. */
  static final class BodyTooLargeException extends Exception {
    private static final long serialVersionUID = 1L;

    BodyTooLargeException(long limit) {
      super("the request body is larger than the limit of " + limit + " bytes", null, false, false);
    }
  }

  private final long maxBodyBytes;
  private long bodyBytes;
  private boolean discarding;

  HttpLimitsHandler(long maxBodyBytes) {
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpObject object && object.decoderResult().isFailure()) {
      ReferenceCountUtil.release(msg);
      reject(ctx, statusFor(object.decoderResult()));
      return;
    }
    if (msg instanceof HttpRequest request) {
      bodyBytes = 0;
      discarding = false;
      if (HttpUtil.getContentLength(request, -1L) > maxBodyBytes) {
        ReferenceCountUtil.release(msg);
        reject(ctx, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE);
        return;
      }
    }
    if (msg instanceof HttpContent content && !(msg instanceof HttpRequest)) {
      if (discarding) {
        ReferenceCountUtil.release(msg);
        return;
      }
      bodyBytes += content.content().readableBytes();
      if (bodyBytes > maxBodyBytes) {
        discarding = !(msg instanceof LastHttpContent);
        ReferenceCountUtil.release(msg);
        ctx.fireExceptionCaught(new BodyTooLargeException(maxBodyBytes));
        return;
      }
    }
    ctx.fireChannelRead(msg);
  }

  private static HttpResponseStatus statusFor(DecoderResult result) {
    Throwable cause = result.cause();
    if (cause instanceof TooLongHttpLineException) {
      return HttpResponseStatus.REQUEST_URI_TOO_LONG;
    }
    if (cause instanceof TooLongHttpHeaderException) {
      return HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
    }
    if (cause instanceof TooLongFrameException) {
      return HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
    }
    return HttpResponseStatus.BAD_REQUEST;
  }

  /**
   * Answers {@code status} with {@code Connection: close}: on HTTP/1.1 the keep-alive handler then
   * ends the connection with a lingering close; an HTTP/2 stream is closed (reset) here.
   */
  static void reject(ChannelHandlerContext ctx, HttpResponseStatus status) {
    byte[] body = (status.code() + " " + status.reasonPhrase() + "\n").getBytes(StandardCharsets.UTF_8);
    FullHttpResponse response =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
    response.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
        .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    ctx.writeAndFlush(response).addListener(written -> {
      if (!(ctx.channel() instanceof io.netty.channel.socket.DuplexChannel)) {
        ctx.channel().close();
      }
    });
  }
}
