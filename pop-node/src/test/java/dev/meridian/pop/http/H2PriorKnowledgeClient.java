package dev.meridian.pop.http;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrame;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A minimal HTTP/2 client that speaks h2c with prior knowledge (the JDK's client only upgrades). */
final class H2PriorKnowledgeClient implements AutoCloseable {

  record Response(int status, String body) {}

  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final Channel connection;

  H2PriorKnowledgeClient(int port) throws InterruptedException {
    connection = new Bootstrap().group(group).channel(NioSocketChannel.class)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(Http2FrameCodecBuilder.forClient().build(),
                new Http2MultiplexHandler(new SimpleChannelInboundHandler<Object>() {
                  @Override
                  protected void channelRead0(ChannelHandlerContext ctx, Object msg) {}
                }));
          }
        })
        .connect("127.0.0.1", port).sync().channel();
  }

  Response get(String path) throws Exception {
    CompletableFuture<Response> result = new CompletableFuture<>();
    StringBuilder body = new StringBuilder();
    int[] status = {0};
    Http2StreamChannel stream = new Http2StreamChannelBootstrap(connection)
        .handler(new SimpleChannelInboundHandler<Http2StreamFrame>() {
          @Override
          protected void channelRead0(ChannelHandlerContext ctx, Http2StreamFrame frame) {
            if (frame instanceof Http2HeadersFrame headers) {
              if (headers.headers().status() != null) {
                status[0] = Integer.parseInt(headers.headers().status().toString());
              }
              if (headers.isEndStream()) {
                result.complete(new Response(status[0], body.toString()));
              }
            } else if (frame instanceof Http2DataFrame data) {
              ByteBuf content = data.content();
              body.append(content.toString(StandardCharsets.UTF_8));
              if (data.isEndStream()) {
                result.complete(new Response(status[0], body.toString()));
              }
            }
          }
        })
        .open().sync().getNow();
    stream.writeAndFlush(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers()
        .method("GET").path(path).scheme("http").authority("127.0.0.1"), true));
    return result.get(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    connection.close();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }
}
