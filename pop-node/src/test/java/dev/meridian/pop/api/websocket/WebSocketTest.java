package dev.meridian.pop.api.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meridian.pop.api.SharedNode;
import dev.meridian.pop.server.TestNode;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * WebSocket in a worker: an outbound connection to a real WebSocket server (Netty's, echoing), and a
 * WebSocketPair whose ends talk inside the isolate.
 */
class WebSocketTest {

  static final TestNode node = SharedNode.get();
  static EventLoopGroup group;
  static Channel server;

  /** Echoes every text and binary message; the protocol handler answers pings and closes. */
  @BeforeAll
  static void startEchoServer() throws Exception {
    group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel channel) {
            channel.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65_536),
                new WebSocketServerProtocolHandler("/echo", "chat", true),
                new SimpleChannelInboundHandler<WebSocketFrame>() {
                  @Override
                  protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
                    if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame) {
                      ctx.writeAndFlush(frame.retain());
                    }
                  }
                });
          }
        })
        .bind("127.0.0.1", 0).sync().channel();
  }

  @AfterAll
  static void stopEchoServer() {
    server.close().syncUninterruptibly();
    group.shutdownGracefully();
  }

  @Test
  void aWorkerTalksToARealWebSocketServer() throws Exception {
    int port = ((InetSocketAddress) server.localAddress()).getPort();
    int closedPort;
    try (ServerSocket unused = new ServerSocket(0)) {
      closedPort = unused.getLocalPort();
    }
    node.deploy("wsclient", """
        function events(ws) {
          const seen = [];
          const done = new Promise((resolve) => {
            ws.onopen = () => seen.push("open " + ws.protocol);
            ws.onmessage = (e) => seen.push(typeof e.data === "string" ? "text " + e.data : "binary " + new Uint8Array(e.data).join(","));
            ws.onerror = () => seen.push("error");
            ws.onclose = (e) => { seen.push("close " + e.code + " " + e.wasClean); resolve(seen); };
          });
          return done;
        }
        export default {
          async fetch() {
            const ws = new WebSocket("ws://127.0.0.1:%d/echo", ["chat"]);
            ws.binaryType = "arraybuffer";
            const seen = events(ws);
            let early = "";
            try { ws.send("too early"); } catch (e) { early = e.name; }
            await new Promise((resolve) => ws.addEventListener("open", resolve));
            ws.send("hello");
            ws.send(new Uint8Array([1, 2, 3]));
            let replies = 0;
            ws.addEventListener("message", () => { if (++replies === 2) ws.close(1000, "done"); });
            const log = await seen;
            const refused = await events(new WebSocket("ws://127.0.0.1:%d/"));
            return new Response(early + " | " + log.join(" | ") + " | " + refused.join(" | "));
          },
        };
        """.formatted(port, closedPort));
    assertEquals("InvalidStateError | open chat | text hello | binary 1,2,3 | close 1000 true | error | close 1006 false",
        node.get("/wsclient/").body());
  }

  @Test
  void theEndsOfAPairTalkInsideTheIsolate() throws Exception {
    node.deploy("wspair", """
        export default {
          async fetch() {
            const [client, server] = Object.values(new WebSocketPair());
            const log = [];
            client.send("sent before accept");
            server.accept();
            server.addEventListener("message", (e) => server.send("echo " + e.data));
            const closed = new Promise((resolve) => server.addEventListener("close", (e) => resolve(e)));
            client.addEventListener("message", (e) => {
              log.push(e.data);
              if (log.length === 2) client.close(3000, "bye");
            });
            client.send("second");
            const e = await closed;
            let badCode = "";
            try { server.close(1001); } catch (err) { badCode = err.name; }
            return new Response(log.join(",") + " " + e.code + " " + e.reason + " " + client.readyState + " " + badCode);
          },
        };
        """);
    assertEquals("echo sent before accept,echo second 3000 bye 3 InvalidAccessError", node.get("/wspair/").body());
  }
}
