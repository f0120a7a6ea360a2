package dev.meridian.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.handler.codec.http3.DefaultHttp3HeadersFrame;
import io.netty.handler.codec.http3.Http3;
import io.netty.handler.codec.http3.Http3ClientConnectionHandler;
import io.netty.handler.codec.http3.Http3DataFrame;
import io.netty.handler.codec.http3.Http3HeadersFrame;
import io.netty.handler.codec.http3.Http3RequestStreamInboundHandler;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Latency of the hello-world worker over HTTP/3 and over HTTP/2 (TLS), side by side against one
 * {@code meridian dev --http3}: one connection per protocol, N sequential GETs on each, alternating
 * in rounds of 100 so both see the same machine; p50 and p99 per protocol and their ratio. Both
 * clients are Netty's, so the client stacks differ only by protocol. Loopback has no loss and no
 * handshake on the clock, so this measures the cost per request of each stack, not QUIC's gains on a
 * lossy network.
 *
 * <p>{@code java -cp load-tests/target/classes:CLASSPATH dev.meridian.load.Http3LatencyBenchmark cli/target/meridian.jar examples/hello [N]}
 * ({@code load-tests/tls-bench.sh} builds the class path).
 */
public final class Http3LatencyBenchmark {

  private Http3LatencyBenchmark() {}

  /** One connection that answers a GET with its status once the response has ended. */
  private interface Client extends AutoCloseable {
    int get(String path) throws Exception;
  }

  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args[0]);
    Path project = Path.of(args[1]);
    int requests = args.length > 2 ? Integer.parseInt(args[2]) : 5000;
    Path log = Files.createTempFile("meridian-h3", ".log");
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try (NodeProcess node = NodeProcess.start(jar, log, "dev", project.toString(), "--port", "{port}", "--http3",
        "--no-watch")) {
      node.awaitReady("localhost", "/", 60_000);
      int tlsPort = node.port + 1;
      try (Client h2 = http2(group, tlsPort); Client h3 = http3(group, tlsPort)) {
        for (int i = 0; i < 500; i++) { // warm-up: JIT on both sides
          check(h2.get("/"));
          check(h3.get("/"));
        }
        double[] h2Millis = new double[requests];
        double[] h3Millis = new double[requests];
        long pid = node.process.pid();
        double h2Cpu = 0;
        double h3Cpu = 0;
        for (int done = 0; done < requests; done += 100) {
          int end = Math.min(requests, done + 100);
          double before = NodeProcess.cpuSeconds(pid);
          measure(h2, h2Millis, done, end);
          double between = NodeProcess.cpuSeconds(pid);
          measure(h3, h3Millis, done, end);
          h2Cpu += between - before;
          h3Cpu += NodeProcess.cpuSeconds(pid) - between;
        }
        double h2p50 = Stats.percentile(h2Millis, 50);
        double h3p50 = Stats.percentile(h3Millis, 50);
        double h2p99 = Stats.percentile(h2Millis, 99);
        double h3p99 = Stats.percentile(h3Millis, 99);
        System.out.printf("hello world, %d sequential GETs on one connection each (loopback)%n", requests);
        System.out.printf("HTTP/2 over TLS (baseline): p50=%.3f ms p99=%.3f ms, server CPU %.3f ms per request%n",
            h2p50, h2p99, h2Cpu * 1000 / requests);
        System.out.printf("HTTP/3 over QUIC:           p50=%.3f ms p99=%.3f ms, server CPU %.3f ms per request%n",
            h3p50, h3p99, h3Cpu * 1000 / requests);
        System.out.printf("ratio h3/h2: p50=%.2f p99=%.2f server CPU=%.2f%n", h3p50 / h2p50, h3p99 / h2p99,
            h3Cpu / h2Cpu);
      }
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }


  private static void measure(Client client, double[] into, int from, int to) throws Exception {
    for (int i = from; i < to; i++) {
      long t = System.nanoTime();
      check(client.get("/"));
      into[i] = (System.nanoTime() - t) / 1e6;
    }
  }

  private static void check(int status) {
    if (status != 200) {
      throw new IllegalStateException("the worker answered " + status);
    }
  }

  private static Client http2(EventLoopGroup group, int port) throws Exception {
    SslContext tls = SslContextBuilder.forClient()
        .trustManager(InsecureTrustManagerFactory.INSTANCE) // meridian dev's self-signed certificate
        .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, ApplicationProtocolNames.HTTP_2))
        .build();
    Channel connection = new Bootstrap().group(group).channel(NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(tls.newHandler(ch.alloc(), "localhost", port),
                Http2FrameCodecBuilder.forClient().build(),
                new Http2MultiplexHandler(new SimpleChannelInboundHandler<Object>() {
                  @Override
                  protected void channelRead0(ChannelHandlerContext ctx, Object msg) {}
                }));
          }
        })
        .connect("127.0.0.1", port).sync().channel();
    connection.pipeline().get(SslHandler.class).handshakeFuture().sync();
    Http2StreamChannelBootstrap streams = new Http2StreamChannelBootstrap(connection);
    return new Client() {
      @Override
      public int get(String path) throws Exception {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        int[] status = new int[1];
        Channel stream = streams.handler(new SimpleChannelInboundHandler<Http2StreamFrame>() {
          @Override
          protected void channelRead0(ChannelHandlerContext ctx, Http2StreamFrame frame) {
            boolean end = false;
            if (frame instanceof Http2HeadersFrame headers) {
              if (headers.headers().status() != null) {
                status[0] = Integer.parseInt(headers.headers().status().toString());
              }
              end = headers.isEndStream();
            } else if (frame instanceof Http2DataFrame data) {
              end = data.isEndStream();
            }
            if (end) {
              done.complete(status[0]);
            }
          }
        }).open().sync().getNow();
        stream.writeAndFlush(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers()
            .method("GET").path(path).scheme("https").authority("localhost:" + port), true));
        return done.get(30, TimeUnit.SECONDS);
      }

      @Override
      public void close() {
        connection.close().syncUninterruptibly();
      }
    };
  }

  private static Client http3(EventLoopGroup group, int port) throws Exception {
    QuicSslContext tls = QuicSslContextBuilder.forClient()
        .trustManager(InsecureTrustManagerFactory.INSTANCE)
        .applicationProtocols(Http3.supportedApplicationProtocols())
        .build();
    Channel socket = new Bootstrap().group(group).channel(NioDatagramChannel.class)
        .handler(Http3.newQuicClientCodecBuilder()
            .sslContext(tls)
            .maxIdleTimeout(30, TimeUnit.SECONDS)
            .initialMaxData(16L * 1024 * 1024)
            .initialMaxStreamDataBidirectionalLocal(1024 * 1024)
            .build())
        .bind(0).sync().channel();
    QuicChannel connection = QuicChannel.newBootstrap(socket)
        .handler(new Http3ClientConnectionHandler())
        .remoteAddress(new InetSocketAddress("127.0.0.1", port))
        .connect().get(10, TimeUnit.SECONDS);
    return new Client() {
      @Override
      public int get(String path) throws Exception {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        int[] status = new int[1];
        QuicStreamChannel stream = Http3.newRequestStream(connection, new Http3RequestStreamInboundHandler() {
          @Override
          protected void channelRead(ChannelHandlerContext ctx, Http3HeadersFrame frame) {
            if (frame.headers().status() != null) {
              status[0] = Integer.parseInt(frame.headers().status().toString());
            }
            ReferenceCountUtil.release(frame);
          }

          @Override
          protected void channelRead(ChannelHandlerContext ctx, Http3DataFrame frame) {
            ReferenceCountUtil.release(frame);
          }

          @Override
          protected void channelInputClosed(ChannelHandlerContext ctx) {
            done.complete(status[0]);
            ctx.close();
          }
        }).sync().getNow();
        DefaultHttp3HeadersFrame head = new DefaultHttp3HeadersFrame();
        head.headers().method("GET").path(path).authority("localhost:" + port).scheme("https");
        stream.writeAndFlush(head).addListener(QuicStreamChannel.SHUTDOWN_OUTPUT);
        return done.get(30, TimeUnit.SECONDS);
      }

      @Override
      public void close() {
        connection.close().syncUninterruptibly();
        socket.close().syncUninterruptibly();
      }
    };
  }
}
