package dev.meridian.pop.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import org.junit.jupiter.api.Test;

class HttpPipeliningHandlerTest {

  private static HttpRequest get(String uri) {
    return new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
  }

  @Test
  void aSecondRequestWaitsUntilTheFirstResponseIsWritten() {
    EmbeddedChannel channel = new EmbeddedChannel(new HttpPipeliningHandler());
    HttpRequest first = get("/1");
    HttpRequest second = get("/2");
    channel.writeInbound(first, LastHttpContent.EMPTY_LAST_CONTENT, second, LastHttpContent.EMPTY_LAST_CONTENT);
    assertSame(first, channel.readInbound());
    assertSame(LastHttpContent.EMPTY_LAST_CONTENT, channel.readInbound());
    assertNull(channel.readInbound(), "the second request is held");

    channel.writeOutbound(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK));
    assertSame(second, channel.readInbound());
    assertSame(LastHttpContent.EMPTY_LAST_CONTENT, channel.readInbound());
    assertNull(channel.readInbound());
    ((DefaultFullHttpResponse) channel.readOutbound()).release();
  }

  @Test
  void threeRequestsComeOutOneResponseAtATime() {
    EmbeddedChannel channel = new EmbeddedChannel(new HttpPipeliningHandler());
    channel.writeInbound(get("/1"), get("/2"), get("/3"));
    assertEquals("/1", ((HttpRequest) channel.readInbound()).uri());
    assertNull(channel.readInbound());
    channel.writeOutbound(LastHttpContent.EMPTY_LAST_CONTENT);
    assertEquals("/2", ((HttpRequest) channel.readInbound()).uri());
    assertNull(channel.readInbound());
    channel.writeOutbound(LastHttpContent.EMPTY_LAST_CONTENT);
    assertEquals("/3", ((HttpRequest) channel.readInbound()).uri());
  }
}
