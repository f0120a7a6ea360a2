package dev.meridian.pop.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Runs on EmbeddedChannel's own ticker: no sleeping, no wall clock. */
class HeaderTimeoutHandlerTest {

  @Test
  void aConnectionThatSendsNoCompleteHeadInTimeIsClosed() {
    EmbeddedChannel channel = new EmbeddedChannel(new HeaderTimeoutHandler(Duration.ofSeconds(30)));
    channel.advanceTimeBy(29, TimeUnit.SECONDS);
    channel.runScheduledPendingTasks();
    assertTrue(channel.isOpen());
    channel.advanceTimeBy(2, TimeUnit.SECONDS);
    channel.runScheduledPendingTasks();
    assertFalse(channel.isOpen());
  }

  @Test
  void aDecodedHeadStopsTheClockAndAResponseRestartsIt() {
    EmbeddedChannel channel = new EmbeddedChannel(new HeaderTimeoutHandler(Duration.ofSeconds(30)));
    channel.writeInbound(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/"));
    channel.advanceTimeBy(60, TimeUnit.SECONDS);
    channel.runScheduledPendingTasks();
    assertTrue(channel.isOpen(), "a slow worker is not the client's fault");
    channel.writeOutbound(LastHttpContent.EMPTY_LAST_CONTENT);
    channel.advanceTimeBy(31, TimeUnit.SECONDS);
    channel.runScheduledPendingTasks();
    assertFalse(channel.isOpen(), "an idle keep-alive connection is closed");
  }
}
