package dev.meridian.dns.server;

import dev.meridian.dns.steer.Steering;
import dev.meridian.dns.zone.Authority;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The authoritative DNS server: UDP and TCP on one port, answering from an {@link Authority} with
 * geo-steering from a {@link Steering}.
 *
 * <p>Threads: {@code threads} event loops. On Linux (native epoll) each loop owns its own UDP socket
 * bound to the same port with {@code SO_REUSEPORT}, so the kernel spreads datagrams over the loops
 * with no lock between them; each socket reads up to {@value #DATAGRAMS_PER_READ} datagrams per
 * {@code recvmmsg}. Elsewhere (NIO) there is one UDP socket. TCP connections are spread over the same
 * loops.
 *
 * <table>
 *   <caption>Limits</caption>
 *   <tr><th>limit</th><th>default</th><th>past it</th></tr>
 *   <tr><td>UDP query size</td><td>{@value #MAX_UDP_QUERY} bytes</td><td>the kernel cuts the datagram;
 *       the query is then malformed and answered FORMERR</td></tr>
 *   <tr><td>UDP response size</td><td>the client's EDNS size, at most {@value
 *       QueryResponder#UDP_PAYLOAD_SIZE}; 512 without EDNS</td><td>TC set, the client retries over TCP</td></tr>
 *   <tr><td>TCP idle time</td><td>{@link Config#DEFAULT_TCP_IDLE}</td><td>the connection is closed</td></tr>
 *   <tr><td>open TCP connections</td><td>{@value Config#DEFAULT_MAX_TCP_CONNECTIONS}</td><td>a new
 *       connection is closed at once</td></tr>
 *   <tr><td>cached answers</td><td>{@value WireCache#DEFAULT_MAX_ENTRIES}</td><td>the cache is emptied</td></tr>
 *   <tr><td>UDP responses per second to one network (IPv4 /24, IPv6 /56) for one kind</td><td>off in
 *       {@link Config#of}; {@value RateLimit#DEFAULT_RESPONSES_PER_SECOND} is the value to serve the
 *       Internet with</td><td>dropped, every {@link RateLimit#slip()}-th sent empty with TC set (see
 *       {@link ResponseRateLimiter})</td></tr>
 * </table>
 *
 * <p>Meters (names in the module README) go to the {@link MeterRegistry} given to {@link #start(Config,
 * Authority, Steering, MeterRegistry)} and are removed from it by {@link #close()}.
 */
public final class DnsServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DnsServer.class);

  static final int MAX_UDP_QUERY = 4096;
  static final int DATAGRAMS_PER_READ = 32;

  /**
   * Where and how the server listens.
   *
   * @param host the address to bind ({@code 0.0.0.0} or {@code ::} for all)
   * @param port 0 picks a free port (see {@link DnsServer#port()})
   * @param threads event loops, and UDP sockets with {@code SO_REUSEPORT}; one per core serves best
   * @param tcpIdle a TCP connection that sends nothing for this long is closed (RFC 7766 §6.2.3)
   * @param maxTcpConnections open TCP connections past which new ones are closed: TCP is the
   *     fallback for truncated answers, a few clients at a time, and each connection holds a socket
   * @param cacheEntries the most answers kept as wire bytes
   * @param rateLimit response rate limiting over UDP, against reflection; {@link RateLimit#OFF} in
   *     {@link #of} because a server embedded in a test or on a developer's machine is queried hard
   *     from the one network of loopback; a server that faces the Internet should set it
   */
  public record Config(String host, int port, int threads, Duration tcpIdle, int maxTcpConnections, int cacheEntries,
      RateLimit rateLimit) {

    public static final int DEFAULT_PORT = 53;
    public static final Duration DEFAULT_TCP_IDLE = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_TCP_CONNECTIONS = 1024;

    public Config {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("DnsServer.Config.port must be in [0, 65535], was " + port);
      }
      if (threads < 1) {
        throw new IllegalArgumentException("DnsServer.Config.threads must be at least 1, was " + threads);
      }
      if (tcpIdle.isNegative() || tcpIdle.isZero()) {
        throw new IllegalArgumentException("DnsServer.Config.tcpIdle must be positive, was " + tcpIdle);
      }
      if (maxTcpConnections < 1) {
        throw new IllegalArgumentException("DnsServer.Config.maxTcpConnections must be at least 1, was " + maxTcpConnections);
      }
      if (cacheEntries < 0) {
        throw new IllegalArgumentException("DnsServer.Config.cacheEntries must not be negative, was " + cacheEntries);
      }
      if (rateLimit == null) {
        throw new IllegalArgumentException("DnsServer.Config.rateLimit must not be null: RateLimit.OFF turns it off");
      }
    }

    /** {@code host:port} with one thread per core, the default limits and no rate limiting. */
    public static Config of(String host, int port) {
      return new Config(host, port, Runtime.getRuntime().availableProcessors(), DEFAULT_TCP_IDLE,
          DEFAULT_MAX_TCP_CONNECTIONS, WireCache.DEFAULT_MAX_ENTRIES, RateLimit.OFF);
    }

    public Config withThreads(int count) {
      return new Config(host, port, count, tcpIdle, maxTcpConnections, cacheEntries, rateLimit);
    }

    public Config withMaxTcpConnections(int count) {
      return new Config(host, port, threads, tcpIdle, count, cacheEntries, rateLimit);
    }

    public Config withRateLimit(RateLimit limit) {
      return new Config(host, port, threads, tcpIdle, maxTcpConnections, cacheEntries, limit);
    }
  }

  /** Tries at finding a port number free for UDP and TCP alike when the configuration asks for any. */
  private static final int EPHEMERAL_ATTEMPTS = 5;

  private final EventLoopGroup group;
  private final List<Channel> channels;
  private final int port;
  private final AnswerCache answers;

  private DnsServer(EventLoopGroup group, List<Channel> channels, int port, AnswerCache answers) {
    this.group = group;
    this.channels = channels;
    this.port = port;
    this.answers = answers;
  }

  /** Binds UDP and TCP and starts answering, without meters; the port is in use when this returns. */
  public static DnsServer start(Config config, Authority authority, Steering steering) throws IOException {
    // A composite with no registry in it: meters that record nothing.
    return start(config, authority, steering, new CompositeMeterRegistry());
  }

  /** Binds UDP and TCP and starts answering, counting into {@code meters}; the port is in use when this returns. */
  public static DnsServer start(Config config, Authority authority, Steering steering, MeterRegistry meters)
      throws IOException {
    boolean epoll = Epoll.isAvailable();
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(config.threads(),
        epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    AnswerCache answers = new AnswerCache(authority, new QueryResponder(authority, steering), config.cacheEntries(),
        meters);
    List<Channel> channels = new ArrayList<>();
    try {
      int sockets = epoll ? config.threads() : 1;
      int port = -1;
      // An ephemeral port is chosen by the first UDP bind; TCP may find that number taken, so then
      // the whole set is bound again on another one.
      for (int attempt = 1; port == -1; attempt++) {
        try {
          port = bindAll(group, epoll, answers, config, sockets, channels);
        } catch (Exception e) {
          closeAll(channels);
          if (config.port() != 0 || attempt == EPHEMERAL_ATTEMPTS) {
            throw e;
          }
        }
      }
      LOG.info("DNS on {}:{} (UDP x{} {}, TCP), {} threads", config.host(), port, sockets,
          epoll ? "epoll SO_REUSEPORT" : "nio", config.threads());
      return new DnsServer(group, channels, port, answers);
    } catch (Exception e) {
      closeAll(channels);
      answers.metrics().close();
      group.shutdownGracefully(0, 0, TimeUnit.SECONDS).awaitUninterruptibly();
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IOException("DNS server cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage()
          + (config.port() != 0 && config.port() < 1024 ? " (ports below 1024 need root or CAP_NET_BIND_SERVICE)" : ""), e);
    }
  }

  /** Binds the UDP sockets and the TCP listener on one port number into {@code channels}; returns it. */
  private static int bindAll(EventLoopGroup group, boolean epoll, AnswerCache answers, Config config, int sockets,
      List<Channel> channels) throws InterruptedException {
    int port = config.port();
    ResponseRateLimitHandler rateLimit = config.rateLimit().enabled()
        ? new ResponseRateLimitHandler(new ResponseRateLimiter(config.rateLimit(), ResponseRateLimiter.DEFAULT_SLOTS,
            System::nanoTime, ThreadLocalRandom.current().nextLong()), answers.metrics())
        : null;
    for (int i = 0; i < sockets; i++) {
      Channel udp = udp(group, epoll, answers, rateLimit).bind(config.host(), port).sync().channel();
      channels.add(udp);
      port = ((InetSocketAddress) udp.localAddress()).getPort();
    }
    channels.add(tcp(group, epoll, answers, config).bind(config.host(), port).sync().channel());
    return port;
  }

  private static void closeAll(List<Channel> channels) {
    for (Channel channel : channels) {
      channel.close().awaitUninterruptibly();
    }
    channels.clear();
  }

  private static Bootstrap udp(EventLoopGroup group, boolean epoll, AnswerCache answers,
      @Nullable ResponseRateLimitHandler rateLimit) {
    Bootstrap bootstrap = new Bootstrap().group(group)
        .option(ChannelOption.SO_RCVBUF, 4 << 20)
        .option(ChannelOption.SO_SNDBUF, 4 << 20)
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel channel) {
            if (rateLimit != null) {
              channel.pipeline().addLast(rateLimit);
            }
            channel.pipeline().addLast(new UdpQueryHandler(answers));
          }
        });
    if (epoll) {
      bootstrap.channel(EpollDatagramChannel.class)
          .option(EpollChannelOption.SO_REUSEPORT, true)
          .option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, MAX_UDP_QUERY)
          .option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_UDP_QUERY * DATAGRAMS_PER_READ));
    } else {
      bootstrap.channel(NioDatagramChannel.class)
          .option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_UDP_QUERY));
    }
    return bootstrap;
  }

  private static ServerBootstrap tcp(EventLoopGroup group, boolean epoll, AnswerCache answers, Config config) {
    TcpConnectionLimit limit = new TcpConnectionLimit(config.maxTcpConnections(), answers.metrics());
    long idleMillis = config.tcpIdle().toMillis();
    return new ServerBootstrap().group(group)
        .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
        .option(ChannelOption.SO_REUSEADDR, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel channel) {
            channel.pipeline().addLast(
                limit,
                new ReadTimeoutHandler(idleMillis, TimeUnit.MILLISECONDS),
                new LengthFieldBasedFrameDecoder(65535 + 2, 0, 2, 0, 2),
                new TcpQueryHandler(answers));
          }
        });
  }

  /** The port UDP and TCP listen on (the one picked when the configured port was 0). */
  public int port() {
    return port;
  }

  /** How many answers the wire cache holds now (for metrics and tests). */
  public int cachedAnswers() {
    return answers.cachedAnswers();
  }

  /** Closes the sockets, stops the threads (waits for both) and removes the meters. */
  @Override
  public void close() {
    for (Channel channel : channels) {
      channel.close().awaitUninterruptibly();
    }
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    answers.metrics().close();
  }
}
