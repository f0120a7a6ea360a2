package dev.meridian.pop.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http2.CleartextHttp2ServerUpgradeHandler;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2ServerUpgradeCodec;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.util.AsciiString;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PoP's listening sockets: a cleartext port that speaks HTTP/1.1 and HTTP/2 (h2c with prior
 * knowledge or by upgrade), optionally a TLS port where SNI picks the certificate from a {@link
 * TlsCertificates} and ALPN picks h2 or http/1.1, and optionally HTTP/3 over QUIC on a UDP port
 * (the TLS port's number by default) with the same certificates, advertised by {@code Alt-Svc} on
 * every TLS response. Every request goes to one {@link Dispatcher}.
 *
 * <p>{@link #close()} shuts down gracefully: it stops accepting, lets requests in flight finish (up
 * to the drain timeout), answers no new request on kept-alive connections, sends HTTP/2 and HTTP/3
 * GOAWAY, and only then stops the event loops.
 */
public final class HttpFront implements AutoCloseable {

  public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(30);
  /** {@link Config#http3Port()}: no HTTP/3. */
  public static final int HTTP3_OFF = -1;
  /** {@link Config#http3Port()}: HTTP/3 on the UDP port with the TLS port's number (what browsers try first). */
  public static final int HTTP3_ON_TLS_PORT = 0;
  /** How long a client has to finish a TLS handshake. */
  static final long HANDSHAKE_TIMEOUT_MILLIS = 10_000;
  private static final Logger log = LoggerFactory.getLogger(HttpFront.class);

  /**
   * The front's settings.
   *
   * @param host the address to bind
   * @param port the cleartext port (0 picks a free one)
   * @param tlsPort the TLS port, or -1 for none (0 picks a free one)
   * @param tls the certificates for the TLS port and HTTP/3, required when tlsPort is not -1; the
   *     caller keeps feeding it while the front runs
   * @param http3Port {@link #HTTP3_OFF}, {@link #HTTP3_ON_TLS_PORT}, or a UDP port of its own; needs
   *     the TLS port
   * @param limits request limits
   * @param drainTimeout how long close() waits for requests in flight
   */
  public record Config(String host, int port, int tlsPort, @Nullable TlsCertificates tls, int http3Port,
      HttpLimits limits, Duration drainTimeout) {
    public Config {
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(limits, "limits");
      Objects.requireNonNull(drainTimeout, "drainTimeout");
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("http.port must be between 0 and 65535, was " + port);
      }
      if (tlsPort < -1 || tlsPort > 65535) {
        throw new IllegalArgumentException("http.tls_port must be between 0 and 65535 (or -1 for none), was " + tlsPort);
      }
      if (tlsPort != -1 && tls == null) {
        throw new IllegalArgumentException("http.tls_port is set but there is no certificate for it");
      }
      if (http3Port < -1 || http3Port > 65535) {
        throw new IllegalArgumentException("http.http3_port must be between 1 and 65535, 0 for the TLS port's number, "
            + "or -1 for no HTTP/3, was " + http3Port);
      }
      if (http3Port != HTTP3_OFF && tlsPort == -1) {
        throw new IllegalArgumentException("http.http3_port is set but there is no TLS port (http.tls_port): "
            + "HTTP/3 is advertised from the TLS port; set one or turn HTTP/3 off");
      }
    }

    /** Without HTTP/3. */
    public Config(String host, int port, int tlsPort, @Nullable TlsCertificates tls, HttpLimits limits,
        Duration drainTimeout) {
      this(host, port, tlsPort, tls, HTTP3_OFF, limits, drainTimeout);
    }

    /** The same settings with HTTP/3 on {@code port} ({@link #HTTP3_ON_TLS_PORT}, a port, or {@link #HTTP3_OFF}). */
    public Config withHttp3(int port) {
      return new Config(host, this.port, tlsPort, tls, port, limits, drainTimeout);
    }
  }

  /** Counts requests in flight across all connections, for the graceful drain. */
  static final class Tracker {
    private final AtomicInteger active = new AtomicInteger();
    private volatile boolean draining;

    void started() {
      active.incrementAndGet();
    }

    void finished() {
      active.decrementAndGet();
    }

    boolean draining() {
      return draining;
    }

    int active() {
      return active.get();
    }
  }

  private final Config config;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Tracker tracker = new Tracker();
  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final Channel plain;
  private final @Nullable Channel secure;
  private final @Nullable Http3Listener http3;
  /** Where TLS handshakes do their work (see {@link TlsSniHandler}): virtual threads, as many as handshakes. */
  private final ExecutorService handshakeTasks =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("tls-handshake-", 0).factory());
  /** Set once HTTP/3 is bound: TLS connections accepted from then on advertise it. */
  private volatile @Nullable AltSvcHandler altSvc;

  private HttpFront(Config config, Dispatcher dispatcher) throws InterruptedException {
    this.config = config;
    boolean epoll = Epoll.isAvailable();
    this.boss = new MultiThreadIoEventLoopGroup(1, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    this.workers = new MultiThreadIoEventLoopGroup(0, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    try {
      this.plain = bind(channelType, config.port(), cleartext(dispatcher));
      this.secure = config.tlsPort() == -1 ? null : bind(channelType, config.tlsPort(), tls(dispatcher));
      if (config.http3Port() == HTTP3_OFF) {
        this.http3 = null;
      } else {
        int udpPort = config.http3Port() == HTTP3_ON_TLS_PORT ? tlsPort() : config.http3Port();
        Http3Listener listener = new Http3Listener(workers, config.host(), udpPort,
            Objects.requireNonNull(config.tls()), config.limits(), dispatcher, tracker);
        this.http3 = listener;
        this.altSvc = new AltSvcHandler(listener.port());
      }
    } catch (InterruptedException | RuntimeException e) {
      // stopping the loops closes whatever was bound already; wait, so the ports are free on return
      handshakeTasks.shutdownNow();
      boss.shutdownGracefully(0, 0, TimeUnit.SECONDS).awaitUninterruptibly();
      workers.shutdownGracefully(0, 0, TimeUnit.SECONDS).awaitUninterruptibly();
      throw e;
    }
  }

  public static HttpFront start(Config config, Dispatcher dispatcher) throws InterruptedException {
    return new HttpFront(config, dispatcher);
  }

  public int port() {
    return ((InetSocketAddress) plain.localAddress()).getPort();
  }

  /** The TLS port, or -1 when there is none. */
  public int tlsPort() {
    return secure == null ? -1 : ((InetSocketAddress) secure.localAddress()).getPort();
  }

  /** The UDP port of HTTP/3, or -1 when it is off. */
  public int http3Port() {
    return http3 == null ? -1 : http3.port();
  }

  /** Requests being served now. */
  public int inFlight() {
    return tracker.active();
  }

  private Channel bind(Class<? extends ServerChannel> type, int port, ChannelInitializer<SocketChannel> init)
      throws InterruptedException {
    return new ServerBootstrap()
        .group(boss, workers)
        .channel(type)
        .option(ChannelOption.SO_BACKLOG, 1024)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(init)
        .bind(config.host(), port)
        .sync()
        .channel();
  }

  private ChannelInitializer<SocketChannel> cleartext(Dispatcher dispatcher) {
    HttpLimits limits = config.limits();
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(SocketChannel ch) {
        connections.add(ch);
        HttpServerCodec codec = Http1Initializer.codec(limits);
        HttpServerUpgradeHandler upgrade = new H2cUpgradeHandler(codec, protocol ->
            AsciiString.contentEquals(Http2CodecUtil.HTTP_UPGRADE_PROTOCOL_NAME, protocol)
                ? new Http2ServerUpgradeCodec(Http2Initializer.frameCodec(limits),
                    Http2Initializer.multiplexer(limits, dispatcher, tracker, "http"))
                : null);
        ChannelInitializer<Channel> priorKnowledge = new ChannelInitializer<>() {
          @Override
          protected void initChannel(Channel c) {
            c.pipeline().addLast(Http2Initializer.frameCodec(limits),
                Http2Initializer.multiplexer(limits, dispatcher, tracker, "http"));
          }
        };
        ch.pipeline().addLast("h2c", new CleartextHttp2ServerUpgradeHandler(codec, upgrade, priorKnowledge));
        ch.pipeline().addLast("header-timeout", new HeaderTimeoutHandler(limits.headerTimeout()));
        ch.pipeline().addLast("h1-activator", new Http1Activator(limits, dispatcher, tracker));
      }
    };
  }

  /** Installs the HTTP/1.1 handlers once the first HTTP/1.x message shows the client is not speaking h2c. */
  private static final class Http1Activator extends ChannelInboundHandlerAdapter {
    private final HttpLimits limits;
    private final Dispatcher dispatcher;
    private final Tracker tracker;

    Http1Activator(HttpLimits limits, Dispatcher dispatcher, Tracker tracker) {
      this.limits = limits;
      this.dispatcher = dispatcher;
      this.tracker = tracker;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof HttpMessage) {
        ChannelPipeline pipeline = ctx.pipeline();
        Http1Initializer.addHandlers(pipeline, limits, dispatcher, tracker, "http");
        ctx.fireChannelRead(msg); // on to the handlers just added behind this one
        pipeline.remove(this);
        return;
      }
      ctx.fireChannelRead(msg);
    }
  }

  private ChannelInitializer<SocketChannel> tls(Dispatcher dispatcher) {
    TlsCertificates certificates = Objects.requireNonNull(config.tls());
    HttpLimits limits = config.limits();
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(SocketChannel ch) {
        connections.add(ch);
        @Nullable AltSvcHandler advertise = altSvc;
        ch.pipeline().addLast("sni", new TlsSniHandler(certificates, handshakeTasks, HANDSHAKE_TIMEOUT_MILLIS));
        ch.pipeline().addLast("alpn", new ApplicationProtocolNegotiationHandler(ApplicationProtocolNames.HTTP_1_1) {
          @Override
          protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
            ChannelPipeline p = ctx.pipeline();
            if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
              p.addLast(Http2Initializer.frameCodec(limits),
                  Http2Initializer.multiplexer(limits, dispatcher, tracker, "https", advertise));
            } else {
              p.addLast("codec", Http1Initializer.codec(limits));
              if (advertise != null) {
                p.addLast("alt-svc", advertise);
              }
              p.addLast("header-timeout", new HeaderTimeoutHandler(limits.headerTimeout()));
              Http1Initializer.addHandlers(p, limits, dispatcher, tracker, "https");
            }
          }

          @Override
          protected void handshakeFailure(ChannelHandlerContext ctx, Throwable cause) {
            // A scanner, a client that only speaks TLS 1.1, a broken hello: common, and not our fault.
            log.debug("event=tls_handshake_failed remote={} cause={}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
          }
        });
      }
    };
  }

  /** Graceful shutdown: stop accepting, drain requests in flight, then close everything. Once; again does nothing. */
  @Override
  public void close() {
    if (closed.getAndSet(true)) {
      return;
    }
    tracker.draining = true;
    plain.close().syncUninterruptibly();
    if (secure != null) {
      secure.close().syncUninterruptibly();
    }
    if (http3 != null) {
      http3.goAway();
    }
    long deadline = System.nanoTime() + config.drainTimeout().toNanos();
    while (tracker.active() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (tracker.active() > 0) {
      log.warn("event=drain_timeout requests_in_flight={}", tracker.active());
    }
    connections.close().awaitUninterruptibly();
    if (http3 != null) {
      http3.close();
    }
    boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    handshakeTasks.shutdownNow();
  }
}
