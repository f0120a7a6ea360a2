package dev.meridian.control.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.control.auth.AuthenticationException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The request handler and the aggregator on an EmbeddedChannel; the router runs inline. */
class ApiRequestHandlerTest {

  private final Router router = new Router(List.of(
      Route.open(HttpMethod.POST, "/echo", r -> new ApiResponse.Body(200, "text/plain", r.body()))),
      h -> {
        throw new AuthenticationException("no");
      });

  private EmbeddedChannel channel() {
    return new EmbeddedChannel(new JsonAggregator(1024), new ApiRequestHandler(router, Runnable::run));
  }

  private static FullHttpRequest post(String body) {
    FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/echo",
        Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    req.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length());
    return req;
  }

  @Test
  void answersAndReadsOnAfterTheResponse() {
    EmbeddedChannel ch = channel();
    ch.writeInbound(post("hi"));
    FullHttpResponse r = ch.readOutbound();
    assertEquals(200, r.status().code());
    assertEquals("hi", r.content().toString(StandardCharsets.UTF_8));
    assertEquals("2", r.headers().get(HttpHeaderNames.CONTENT_LENGTH));
    r.release();
    assertTrue(ch.config().isAutoRead(), "keep-alive: the next request is read");
    assertTrue(ch.isOpen());
    ch.finishAndReleaseAll();
  }

  @Test
  void aBodyPastTheLimitIs413AndKeepAliveGoesOn() {
    EmbeddedChannel ch = channel();
    HttpRequest head = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/echo");
    head.headers().set(HttpHeaderNames.CONTENT_LENGTH, 2000);
    ch.writeInbound(head, new DefaultLastHttpContent(Unpooled.wrappedBuffer(new byte[2000])));
    FullHttpResponse r = ch.readOutbound();
    assertEquals(413, r.status().code());
    assertTrue(r.content().toString(StandardCharsets.UTF_8).contains("larger than 1024 bytes"));
    r.release();
    assertTrue(ch.isOpen(), "the rest of the body is discarded, the connection stays");
    ch.writeInbound(post("next"));
    FullHttpResponse next = ch.readOutbound();
    assertEquals(200, next.status().code());
    next.release();
    ch.finishAndReleaseAll();
  }

  @Test
  void aDecoderFailureIsAJsonErrorAndCloses() {
    EmbeddedChannel ch = new EmbeddedChannel(new HttpServerCodec(), new JsonAggregator(1024),
        new ApiRequestHandler(router, Runnable::run));
    ch.writeInbound(Unpooled.copiedBuffer("GET / HTTP/1.1\r\nBad Header\r\n\r\n", StandardCharsets.US_ASCII));
    Object out = ch.readOutbound();
    String text = ((ByteBuf) out).toString(StandardCharsets.US_ASCII);
    assertTrue(text.startsWith("HTTP/1.1 400"), text);
    ReferenceCountUtil.release(out);
    while ((out = ch.readOutbound()) != null) {
      ReferenceCountUtil.release(out);
    }
    assertFalse(ch.isOpen(), "a malformed request ends the connection");
    ch.finishAndReleaseAll();
  }

  @Test
  void inboundReadsStopWhileARequestRuns() {
    List<Runnable> queued = new ArrayList<>();
    EmbeddedChannel ch = new EmbeddedChannel(new JsonAggregator(1024), new ApiRequestHandler(router, queued::add));
    ch.writeInbound(post("a"));
    assertFalse(ch.config().isAutoRead(), "no second request is read before the first is answered");
    assertNull(ch.readOutbound());
    queued.getFirst().run();
    ch.runPendingTasks();
    FullHttpResponse r = ch.readOutbound();
    assertEquals(200, r.status().code());
    r.release();
    assertTrue(ch.config().isAutoRead());
    ch.finishAndReleaseAll();
  }

  @Test
  void pipelinedRequestsRunOneAfterTheOther() {
    List<Runnable> queued = new ArrayList<>();
    EmbeddedChannel ch = new EmbeddedChannel(new JsonAggregator(1024), new ApiRequestHandler(router, queued::add));
    ch.writeInbound(post("first"), post("second"));
    assertEquals(1, queued.size(), "the second waits for the first's response");
    queued.removeFirst().run();
    ch.runPendingTasks();
    FullHttpResponse first = ch.readOutbound();
    assertEquals("first", first.content().toString(StandardCharsets.UTF_8));
    first.release();
    assertEquals(1, queued.size(), "then the second runs");
    assertFalse(ch.config().isAutoRead());
    queued.removeFirst().run();
    ch.runPendingTasks();
    FullHttpResponse second = ch.readOutbound();
    assertEquals("second", second.content().toString(StandardCharsets.UTF_8));
    second.release();
    assertTrue(ch.config().isAutoRead());
    ch.finishAndReleaseAll();
  }

  @Test
  void anIdleConnectionClosesButNotWhileARequestRuns() {
    List<Runnable> queued = new ArrayList<>();
    EmbeddedChannel ch = new EmbeddedChannel(new JsonAggregator(1024), new ApiRequestHandler(router, queued::add));
    ch.writeInbound(post("slow"));
    ch.pipeline().fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT);
    assertTrue(ch.isOpen(), "a running request keeps its connection");
    queued.removeFirst().run();
    ch.runPendingTasks();
    ((FullHttpResponse) ch.readOutbound()).release();
    ch.pipeline().fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT);
    assertFalse(ch.isOpen(), "an idle keep-alive connection is closed");
    ch.finishAndReleaseAll();
  }
}
