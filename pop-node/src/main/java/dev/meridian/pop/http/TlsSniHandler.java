package dev.meridian.pop.http;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.util.concurrent.Executor;

/**
 * The first handler on a TLS connection: reads the client hello, asks {@link TlsCertificates} for the
 * context of the name it carries (looked up now, so a certificate put a moment ago serves this
 * client), and replaces itself with that context's {@link SslHandler}.
 *
 * <p>The handshake's own work (the JDK engine's delegated tasks: key exchange, signing, and, when
 * stapling, fetching an OCSP response the JDK has not cached yet, which can wait seconds on a slow
 * responder) runs on {@code handshakeTasks}, not on the event loop that serves every other
 * connection of this thread.
 */
final class TlsSniHandler extends SniHandler {

  private final Executor handshakeTasks;
  private final long handshakeTimeoutMillis;

  TlsSniHandler(TlsCertificates certificates, Executor handshakeTasks, long handshakeTimeoutMillis) {
    super(certificates::tcpContext, handshakeTimeoutMillis);
    this.handshakeTasks = handshakeTasks;
    this.handshakeTimeoutMillis = handshakeTimeoutMillis;
  }

  @Override
  protected SslHandler newSslHandler(SslContext context, ByteBufAllocator allocator) {
    SslHandler handler = context.newHandler(allocator, handshakeTasks);
    handler.setHandshakeTimeoutMillis(handshakeTimeoutMillis);
    return handler;
  }
}
