package dev.meridian.pop.http;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.http3.DefaultHttp3DataFrame;
import io.netty.handler.codec.http3.DefaultHttp3HeadersFrame;
import io.netty.handler.codec.http3.DefaultHttp3UnknownFrame;
import io.netty.handler.codec.http3.Http3;
import io.netty.handler.codec.http3.Http3ClientConnectionHandler;
import io.netty.handler.codec.http3.Http3DataFrame;
import io.netty.handler.codec.http3.Http3HeadersFrame;
import io.netty.handler.codec.http3.Http3RequestStreamInboundHandler;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP/3 connection with Netty's client (curl here has no HTTP/3): sends SNI {@code hostname} and
 * verifies the server's certificate for it against {@code trusted}.
 */
public final class Http3TestClient implements AutoCloseable {

  public record Response(int status, Map<String, String> headers, String body) {}

  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final Channel socket;
  private final QuicChannel connection;
  private final String authority;

  Http3TestClient(String hostname, int port, X509Certificate trusted) throws Exception {
    this(hostname, port, QuicSslContextBuilder.forClient().trustManager(trusted));
  }

  /** A client that accepts any certificate (for looking at which one is served) and names {@code hostname}. */
  public static Http3TestClient trustingAnything(String hostname, int port) throws Exception {
    return new Http3TestClient(hostname, port, QuicSslContextBuilder.forClient()
        .trustManager(InsecureTrustManagerFactory.INSTANCE));
  }

  private Http3TestClient(String hostname, int port, QuicSslContextBuilder builder) throws Exception {
    this.authority = hostname + ":" + port;
    QuicSslContext tls = builder.applicationProtocols(Http3.supportedApplicationProtocols()).build();
    ChannelHandler codec = Http3.newQuicClientCodecBuilder()
        .sslEngineProvider(quic -> tls.newEngine(quic.alloc(), hostname, port))
        .maxIdleTimeout(10, TimeUnit.SECONDS)
        .initialMaxData(16L * 1024 * 1024)
        .initialMaxStreamDataBidirectionalLocal(1024 * 1024)
        .initialMaxStreamDataBidirectionalRemote(1024 * 1024)
        .build();
    try {
      this.socket = new Bootstrap().group(group).channel(NioDatagramChannel.class).handler(codec).bind(0).sync().channel();
      this.connection = QuicChannel.newBootstrap(socket)
          .handler(new Http3ClientConnectionHandler())
          .remoteAddress(new InetSocketAddress("127.0.0.1", port))
          .connect()
          .get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      throw e;
    }
  }

  /** The certificate the server presented. */
  public X509Certificate peerCertificate() throws Exception {
    return (X509Certificate) connection.sslEngine().getSession().getPeerCertificates()[0];
  }

  public Response request(String method, String path, byte[] body) throws Exception {
    CompletableFuture<Response> done = new CompletableFuture<>();
    QuicStreamChannel stream = Http3.newRequestStream(connection, new Http3RequestStreamInboundHandler() {
      private int status;
      private final Map<String, String> headers = new HashMap<>();
      private final ByteArrayOutputStream received = new ByteArrayOutputStream();

      @Override
      protected void channelRead(ChannelHandlerContext ctx, Http3HeadersFrame frame) {
        if (frame.headers().status() != null) {
          status = Integer.parseInt(frame.headers().status().toString());
        }
        frame.headers().forEach(entry -> headers.put(entry.getKey().toString(), entry.getValue().toString()));
        ReferenceCountUtil.release(frame);
      }

      @Override
      protected void channelRead(ChannelHandlerContext ctx, Http3DataFrame frame) {
        byte[] bytes = new byte[frame.content().readableBytes()];
        frame.content().readBytes(bytes);
        received.writeBytes(bytes);
        ReferenceCountUtil.release(frame);
      }

      @Override
      protected void channelInputClosed(ChannelHandlerContext ctx) {
        done.complete(new Response(status, headers, received.toString(StandardCharsets.UTF_8)));
        ctx.close();
      }

      @Override
      public void channelInactive(ChannelHandlerContext ctx) {
        done.completeExceptionally(new IllegalStateException("the stream closed before the response ended"));
      }
    }).get(10, TimeUnit.SECONDS);
    DefaultHttp3HeadersFrame head = new DefaultHttp3HeadersFrame();
    head.headers().method(method).path(path).authority(authority).scheme("https");
    if (body.length > 0) {
      head.headers().addInt("content-length", body.length);
      stream.write(head);
      stream.writeAndFlush(new DefaultHttp3DataFrame(Unpooled.wrappedBuffer(body)))
          .addListener(QuicStreamChannel.SHUTDOWN_OUTPUT);
    } else {
      stream.writeAndFlush(head).addListener(QuicStreamChannel.SHUTDOWN_OUTPUT);
    }
    return done.get(30, TimeUnit.SECONDS);
  }

  /**
   * Opens a request stream and sends no request head on it: only a frame of a reserved type (RFC 9114
   * §7.2.8), which the server must ignore, so that it learns of the stream.
   */
  QuicStreamChannel openStreamWithoutHead() throws Exception {
    QuicStreamChannel stream = Http3.newRequestStream(connection, new io.netty.channel.ChannelInboundHandlerAdapter())
        .get(10, TimeUnit.SECONDS);
    stream.writeAndFlush(new DefaultHttp3UnknownFrame(0x1f + 0x21, Unpooled.wrappedBuffer(new byte[] {1, 2, 3}))).sync();
    return stream;
  }

  @Override
  public void close() {
    connection.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    socket.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
