package dev.meridian.pop.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import org.jspecify.annotations.Nullable;

/**
 * Assembles HTTP/2: a frame codec and a multiplexer on the connection, and on each stream's child
 * channel the conversion to HTTP objects, the limits and the same worker bridge as HTTP/1.1. Child
 * channels do not read on their own, so a stream's body arrives only as the worker pulls it and HTTP/2
 * flow control pushes back on the client.
 */
final class Http2Initializer {

  /** The header list size advertised to clients, matching the HTTP/1.1 header limit. */
  private Http2Initializer() {}

  static Http2FrameCodec frameCodec(HttpLimits limits) {
    return Http2FrameCodecBuilder.forServer()
        .initialSettings(Http2Settings.defaultSettings().maxHeaderListSize(limits.maxHeaderBytes()))
        .gracefulShutdownTimeoutMillis(HttpFront.DEFAULT_DRAIN_TIMEOUT.toMillis())
        .build();
  }

  static Http2MultiplexHandler multiplexer(HttpLimits limits, Dispatcher dispatcher, HttpFront.Tracker tracker,
      String scheme) {
    return multiplexer(limits, dispatcher, tracker, scheme, null);
  }

  /** As above, with {@code altSvc} (when not null) advertising HTTP/3 on every stream's response. */
  static Http2MultiplexHandler multiplexer(HttpLimits limits, Dispatcher dispatcher, HttpFront.Tracker tracker,
      String scheme, @Nullable AltSvcHandler altSvc) {
    return new Http2MultiplexHandler(streamInitializer(limits, dispatcher, tracker, scheme, altSvc));
  }

  private static ChannelHandler streamInitializer(HttpLimits limits, Dispatcher dispatcher,
      HttpFront.Tracker tracker, String scheme, @Nullable AltSvcHandler altSvc) {
    return new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel stream) {
        stream.config().setAutoRead(false);
        stream.pipeline().addLast("h2-to-http", new Http2StreamFrameToHttpObjectCodec(true));
        if (altSvc != null) {
          stream.pipeline().addLast("alt-svc", altSvc);
        }
        stream.pipeline().addLast("limits", new HttpLimitsHandler(limits.maxBodyBytes()));
        stream.pipeline().addLast("worker", new WorkerRequestHandler(dispatcher, tracker, scheme, true));
      }
    };
  }
}
