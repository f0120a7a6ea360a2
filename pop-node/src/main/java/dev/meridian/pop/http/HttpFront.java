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
import io.netty.handler.ssl.SslContext;
import io.netty.util.AsciiString;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PoP's listening sockets: a cleartext port that speaks HTTP/1.1 and HTTP/2 (h2c with prior
 * knowledge or by upgrade), and optionally a TLS port where ALPN picks h2 or http/1.1. Every request
 * goes to one {@link Dispatcher}.
 *
 * <p>{@link #close()} shuts down gracefully: it stops accepting, lets requests in flight finish (up
 * to the drain timeout), answers no new request on kept-alive connections, sends HTTP/2 GOAWAY, and
 * only then stops the event loops.
 */
public final class HttpFront implements AutoCloseable {

  public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(30);
  private static final Logger log = LoggerFactory.getLogger(HttpFront.class);

  /**
   * The front's settings.
   *
   * @param host the address to bind
   * @param port the cleartext port (0 picks a free one)
   * @param tlsPort the TLS port, or -1 for none (0 picks a free one)
   * @param tls the server's TLS context with ALPN configured, required when tlsPort is not -1
   * @param limits request limits
   * @param drainTimeout how long close() waits for requests in flight
   */
  public record Config(String host, int port, int tlsPort, @Nullable SslContext tls, HttpLimits limits,
      Duration drainTimeout) {
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
  private final Tracker tracker = new Tracker();
  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final Channel plain;
  private final @Nullable Channel secure;

  private HttpFront(Config config, Dispatcher dispatcher) throws InterruptedException {
    this.config = config;
    boolean epoll = Epoll.isAvailable();
    this.boss = new MultiThreadIoEventLoopGroup(1, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    this.workers = new MultiThreadIoEventLoopGroup(0, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    try {
      this.plain = bind(channelType, config.port(), cleartext(dispatcher));
      this.secure = config.tlsPort() == -1 ? null : bind(channelType, config.tlsPort(), tls(dispatcher));
    } catch (InterruptedException | RuntimeException e) {
      boss.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      workers.shutdownGracefully(0, 0, TimeUnit.SECONDS);
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
    SslContext ssl = Objects.requireNonNull(config.tls());
    HttpLimits limits = config.limits();
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(SocketChannel ch) {
        connections.add(ch);
        ch.pipeline().addLast("tls", ssl.newHandler(ch.alloc()));
        ch.pipeline().addLast("alpn", new ApplicationProtocolNegotiationHandler(ApplicationProtocolNames.HTTP_1_1) {
          @Override
          protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
            ChannelPipeline p = ctx.pipeline();
            if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
              p.addLast(Http2Initializer.frameCodec(limits),
                  Http2Initializer.multiplexer(limits, dispatcher, tracker, "https"));
            } else {
              p.addLast("codec", Http1Initializer.codec(limits));
              p.addLast("header-timeout", new HeaderTimeoutHandler(limits.headerTimeout()));
              Http1Initializer.addHandlers(p, limits, dispatcher, tracker, "https");
            }
          }
        });
      }
    };
  }

  /** Graceful shutdown: stop accepting, drain requests in flight, then close everything. */
  @Override
  public void close() {
    tracker.draining = true;
    plain.close().syncUninterruptibly();
    if (secure != null) {
      secure.close().syncUninterruptibly();
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
    boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
