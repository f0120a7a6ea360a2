package dev.meridian.pop.http;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;

/**
 * Assembles the HTTP/1.1 handlers, in order: codec → header timeout (added by the caller, since on
 * the cleartext port it must run before the protocol is known) → pipelining order → keep-alive →
 * limits → the worker bridge. Used by the cleartext port and by TLS when ALPN picks
 * http/1.1.
 */
final class Http1Initializer {

  private Http1Initializer() {}

  static HttpServerCodec codec(HttpLimits limits) {
    return new HttpServerCodec(new HttpDecoderConfig()
        .setMaxInitialLineLength(limits.maxRequestLine())
        .setMaxHeaderSize(limits.maxHeaderBytes())
        .setMaxChunkSize(64 * 1024));
  }

  /**
   * Adds everything after the codec and the header timeout to {@code pipeline}, and turns reading over
   * to the bridge.
   */
  static void addHandlers(ChannelPipeline pipeline, HttpLimits limits, Dispatcher dispatcher,
      HttpFront.Tracker tracker, String scheme) {
    pipeline.channel().config().setAutoRead(false);
    // Pipelining first: the handlers behind it see one request at a time, in turn.
    pipeline.addLast("pipelining", new HttpPipeliningHandler());
    pipeline.addLast("keep-alive", new KeepAliveHandler(tracker));
    pipeline.addLast("limits", new HttpLimitsHandler(limits.maxBodyBytes()));
    pipeline.addLast("worker", new WorkerRequestHandler(dispatcher, tracker, scheme, false));
  }
}
