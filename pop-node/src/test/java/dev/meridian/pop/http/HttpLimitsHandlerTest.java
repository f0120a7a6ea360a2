package dev.meridian.pop.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpLimitsHandlerTest {

  private final List<Throwable> errors = new ArrayList<>();

  private EmbeddedChannel channel(long maxBody) {
    return new EmbeddedChannel(new HttpLimitsHandler(maxBody), new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ctx.fireChannelRead(msg);
      }

      @Override
      public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        errors.add(cause);
      }
    });
  }

  private static HttpRequest failed(Throwable cause) {
    HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/bad");
    request.setDecoderResult(DecoderResult.failure(cause));
    return request;
  }

  private static int statusOf(EmbeddedChannel channel) {
    FullHttpResponse response = channel.readOutbound();
    try {
      assertEquals("close", response.headers().get(HttpHeaderNames.CONNECTION));
      return response.status().code();
    } finally {
      response.release();
    }
  }

  @Test
  void tooLongHeadersAre431AndClose() {
    EmbeddedChannel channel = channel(100);
    channel.writeInbound(failed(new TooLongHttpHeaderException("too long")));
    assertEquals(431, statusOf(channel));
    assertFalse(channel.isOpen());
    assertNull(channel.readInbound());
  }

  @Test
  void aTooLongRequestLineIs414() {
    EmbeddedChannel channel = channel(100);
    channel.writeInbound(failed(new TooLongHttpLineException("too long")));
    assertEquals(414, statusOf(channel));
  }

  @Test
  void anyOtherDecodingFailureIs400() {
    EmbeddedChannel channel = channel(100);
    channel.writeInbound(failed(new IllegalArgumentException("invalid version")));
    assertEquals(400, statusOf(channel));
  }

  @Test
  void aContentLengthOverTheLimitIs413() {
    EmbeddedChannel channel = channel(100);
    HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/");
    request.headers().set(HttpHeaderNames.CONTENT_LENGTH, 101);
    channel.writeInbound(request);
    assertEquals(413, statusOf(channel));
  }

  @Test
  void aStreamedBodyCrossingTheLimitIsReportedAndDropped() {
    EmbeddedChannel channel = channel(100);
    HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/");
    channel.writeInbound(request);
    channel.writeInbound(new DefaultHttpContent(Unpooled.wrappedBuffer(new byte[60])));
    channel.writeInbound(new DefaultHttpContent(Unpooled.wrappedBuffer(new byte[60])));
    channel.writeInbound(new DefaultHttpContent(Unpooled.wrappedBuffer(new byte[60])));
    assertInstanceOf(HttpRequest.class, channel.readInbound());
    DefaultHttpContent first = channel.readInbound();
    first.release();
    assertNull(channel.readInbound(), "nothing past the limit goes on");
    assertEquals(1, errors.size());
    assertInstanceOf(HttpLimitsHandler.BodyTooLargeException.class, errors.get(0));
    assertTrue(channel.isOpen(), "the bridge answers 413 and closes");
  }

  @Test
  void aRequestWithinLimitsPassesUntouched() {
    EmbeddedChannel channel = channel(100);
    HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
    channel.writeInbound(request);
    assertEquals(request, channel.readInbound());
    assertNull(channel.readOutbound());
  }
}
