package dev.meridian.pop.http;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.http3.DefaultHttp3GoAwayFrame;
import io.netty.handler.codec.http3.DefaultHttp3SettingsFrame;
import io.netty.handler.codec.http3.Http3;
import io.netty.handler.codec.http3.Http3FrameToHttpObjectCodec;
import io.netty.handler.codec.http3.Http3ServerConnectionHandler;
import io.netty.handler.codec.http3.Http3Settings;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicCodecDispatcher;
import io.netty.handler.codec.quic.QuicConnectionIdGenerator;
import io.netty.handler.codec.quic.QuicServerCodecBuilder;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * HTTP/3 (RFC 9114) on UDP: Netty's QUIC codec (quiche and BoringSSL), the HTTP/3
 * connection handler, and on each request stream the conversion to HTTP objects, the header timeout,
 * {@link Http3RequestEndHandler}, the limits and the same worker bridge as HTTP/1.1 and HTTP/2. Stream
 * channels do not read on their own, so a request body arrives as the worker pulls it and QUIC flow
 * control pushes back on the client.
 *
 * <p>Certificates come from the same {@link TlsCertificates} as the TLS port: every connection starts
 * with the default certificate's context, whose SNI callback moves it to the one for the name the
 * client asked for, looked up at that moment (so a replaced certificate serves the next handshake).
 *
 * <p>Closing is in two steps, as for HTTP/2: {@link #goAway()} tells every client to open no new
 * request, then {@link #close()} ends the connections and the sockets once requests in flight are done.
 */
final class Http3Listener implements AutoCloseable {

  /** How long an idle QUIC connection lives (the client's keep-alive PINGs reset it). */
  static final long IDLE_TIMEOUT_SECONDS = 30;
  /** The largest stream id a server's GOAWAY may carry (RFC 9114 §5.2): "finishing, open nothing new". */
  private static final long LAST_STREAM_ID = (1L << 62) - 4;
  /** HTTP/3 error code H3_NO_ERROR, for closing a connection after the drain. */
  private static final int H3_NO_ERROR = 0x100;

  private final List<Channel> sockets = new ArrayList<>();
  private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

  Http3Listener(EventLoopGroup group, String host, int port, TlsCertificates certificates, HttpLimits limits,
      Dispatcher dispatcher, HttpFront.Tracker tracker) throws InterruptedException {
    QuicServerCodecBuilder codec = Http3.newQuicServerCodecBuilder()
        // Every connection starts on the default context, looked up now: a new default applies at once.
        .sslEngineProvider(quic -> certificates.quicContext(null).newEngine(quic.alloc()))
        .maxIdleTimeout(IDLE_TIMEOUT_SECONDS, TimeUnit.SECONDS)
        .initialMaxData(16L * 1024 * 1024)
        .initialMaxStreamDataBidirectionalLocal(1024 * 1024)
        .initialMaxStreamDataBidirectionalRemote(1024 * 1024)
        .initialMaxStreamDataUnidirectional(1024 * 1024)
        .initialMaxStreamsBidirectional(100)
        .initialMaxStreamsUnidirectional(8)
        // No Retry round trip to validate addresses: quiche already caps what an unvalidated client
        // can make us send at three times what it sent (RFC 9000 §8.1).
        .tokenHandler(null)
        .handler(new ChannelInitializer<QuicChannel>() {
          @Override
          protected void initChannel(QuicChannel connection) {
            connections.add(connection);
            connection.pipeline().addLast(new Http3ServerConnectionHandler(
                requestStream(limits, dispatcher, tracker), null, null,
                new DefaultHttp3SettingsFrame(Http3Settings.defaultSettings()
                    .maxFieldSectionSize(limits.maxHeaderBytes())), false));
          }
        });
    // One socket per core on the same port (SO_REUSEPORT), each on its own event loop; the kernel
    // spreads clients by address, and the dispatcher sends a packet to the socket whose codec knows
    // its connection id (written into the ids it hands out), so a client whose address changes
    // (NAT rebinding, migration) stays with its connection. Without epoll: one socket.
    boolean epoll = Epoll.isAvailable();
    QuicCodecDispatcher byConnectionId = new QuicCodecDispatcher() {
      @Override
      protected void initChannel(Channel channel, int idLength, QuicConnectionIdGenerator ids) {
        channel.pipeline().addLast(codec.clone().localConnectionIdLength(idLength)
            .connectionIdAddressGenerator(ids).build());
      }
    };
    Bootstrap bootstrap = new Bootstrap()
        .group(group)
        .channel(epoll ? EpollDatagramChannel.class : NioDatagramChannel.class)
        .handler(byConnectionId);
    if (epoll) {
      bootstrap.option(EpollChannelOption.SO_REUSEPORT, true);
    }
    int count = epoll ? Runtime.getRuntime().availableProcessors() : 1;
    for (int i = 0; i < count; i++) {
      ChannelFuture bound = bootstrap.bind(host, port).await();
      if (!bound.isSuccess()) {
        sockets.forEach(Channel::close);
        throw new IllegalStateException("HTTP/3 cannot listen on udp/" + port + " of " + host + ": "
            + bound.cause().getMessage() + "; free that port or choose another (http.http3_port)", bound.cause());
      }
      sockets.add(bound.channel());
    }
  }

  private static ChannelHandler requestStream(HttpLimits limits, Dispatcher dispatcher, HttpFront.Tracker tracker) {
    return new ChannelInitializer<QuicStreamChannel>() {
      @Override
      protected void initChannel(QuicStreamChannel stream) {
        stream.config().setAutoRead(false);
        stream.pipeline().addLast("h3-to-http", new Http3FrameToHttpObjectCodec(true));
        // A stream opened and left without a request head holds one of the connection's stream credits.
        stream.pipeline().addLast("header-timeout", new HeaderTimeoutHandler(limits.headerTimeout()));
        stream.pipeline().addLast("request-end", new Http3RequestEndHandler());
        stream.pipeline().addLast("limits", new HttpLimitsHandler(limits.maxBodyBytes()));
        stream.pipeline().addLast("worker", new WorkerRequestHandler(dispatcher, tracker, "https", true));
      }
    };
  }

  int port() {
    return ((InetSocketAddress) sockets.get(0).localAddress()).getPort();
  }

  /** Asks every client to open no new request on its connection (requests already sent go on). */
  void goAway() {
    for (Channel connection : connections) {
      connection.eventLoop().execute(() -> {
        QuicStreamChannel control = Http3.getLocalControlStream(connection);
        if (control != null && control.isActive()) {
          control.writeAndFlush(new DefaultHttp3GoAwayFrame(LAST_STREAM_ID));
        }
      });
    }
  }

  /** Closes every connection with H3_NO_ERROR, then the socket. */
  @Override
  public void close() {
    List<ChannelFuture> closing = new ArrayList<>();
    for (Channel connection : connections) {
      closing.add(((QuicChannel) connection).close(true, H3_NO_ERROR, Unpooled.EMPTY_BUFFER));
    }
    for (ChannelFuture future : closing) {
      future.awaitUninterruptibly(1, TimeUnit.SECONDS); // the CONNECTION_CLOSE must leave before the socket
    }
    for (Channel socket : sockets) {
      socket.close().syncUninterruptibly();
    }
  }
}
