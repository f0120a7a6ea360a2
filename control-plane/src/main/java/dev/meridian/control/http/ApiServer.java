package dev.meridian.control.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The API's HTTP/1.1 server. Pipeline per connection: idle detection → codec (request line and header limits) →
 * {@link JsonAggregator} (body limit) → {@link ApiRequestHandler} (the router, on virtual threads).
 * NIO transport: the API's load is a few operators and PoPs, not the edge's.
 */
public final class ApiServer implements AutoCloseable {

  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final ExecutorService executor;
  private final ChannelGroup channels;
  private final Channel server;

  private ApiServer(EventLoopGroup boss, EventLoopGroup workers, ExecutorService executor, ChannelGroup channels,
      Channel server) {
    this.boss = boss;
    this.workers = workers;
    this.executor = executor;
    this.channels = channels;
    this.server = server;
  }

  /**
   * Binds {@code host:port} (0 = an ephemeral port) and serves {@code router}.
   *
   * @throws IOException if the address cannot be bound (in use, not local); nothing is left running
   */
  public static ApiServer start(String host, int port, ApiLimits limits, Router router) throws IOException {
    EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    EventLoopGroup workers = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    ExecutorService executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("control-api-", 0).factory());
    ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    ChannelFuture bound = new ServerBootstrap()
        .group(boss, workers)
        .channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            channels.add(ch);
            ch.pipeline()
                .addLast("idle", new IdleStateHandler(0, 0, limits.idleTimeout().toNanos(), TimeUnit.NANOSECONDS))
                .addLast("codec", new HttpServerCodec(new HttpDecoderConfig()
                    .setMaxInitialLineLength(limits.maxRequestLine())
                    .setMaxHeaderSize(limits.maxHeaderBytes())))
                .addLast("aggregator", new JsonAggregator(limits.maxBodyBytes()))
                .addLast("api", new ApiRequestHandler(router, executor));
          }
        })
        .bind(host, port)
        .awaitUninterruptibly();
    ApiServer server = new ApiServer(boss, workers, executor, channels, bound.channel());
    if (!bound.isSuccess()) {
      server.close();
      throw new IOException("the control plane cannot listen on " + host + ":" + port + ": "
          + bound.cause().getMessage() + "; pick another address or port", bound.cause());
    }
    return server;
  }

  public int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  /** Stops accepting, closes every connection (ending streams), and waits for running handlers. */
  @Override
  public void close() {
    server.close().syncUninterruptibly();
    channels.close().syncUninterruptibly();
    executor.shutdown();
    boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    executor.close();
  }
}
