package dev.meridian.pop.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meridian.pop.server.TestNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A worker accepts a WebSocket from a real client (the JDK's) with a WebSocketPair and a 101
 * response, echoes text and binary messages, and closes when the client does.
 */
class WebSocketAcceptTest {

  static TestNode node;

  @BeforeAll
  static void start() throws Exception {
    node = TestNode.start();
    node.deploy("ws", """
        export default {
          fetch(request) {
            if (request.headers.get("upgrade") !== "websocket") {
              return new Response("expected a WebSocket upgrade", { status: 426 });
            }
            const { 0: client, 1: server } = new WebSocketPair();
            server.binaryType = "arraybuffer";
            server.accept();
            server.addEventListener("message", (event) => {
              if (typeof event.data === "string") server.send("echo: " + event.data);
              else server.send(new Uint8Array(event.data).reverse());
            });
            server.addEventListener("close", (event) => console.log("closed by the client", event.code));
            return new Response(null, { status: 101, webSocket: client });
          },
        };
        """);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void aWorkerEchoesMessagesFromARealClient() throws Exception {
    List<String> received = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> twoMessages = new CompletableFuture<>();
    WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
        .buildAsync(URI.create("ws://127.0.0.1:" + node.front.port() + "/ws/chat"), new WebSocket.Listener() {
          @Override
          public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            received.add(data.toString());
            if (received.size() == 2) {
              twoMessages.complete(null);
            }
            webSocket.request(1);
            return null;
          }

          @Override
          public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            received.add("bytes " + java.util.Arrays.toString(bytes));
            if (received.size() == 2) {
              twoMessages.complete(null);
            }
            webSocket.request(1);
            return null;
          }
        })
        .get(30, TimeUnit.SECONDS);
    socket.sendText("hello", true).get(10, TimeUnit.SECONDS);
    socket.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}), true).get(10, TimeUnit.SECONDS);
    twoMessages.get(30, TimeUnit.SECONDS);
    assertEquals(List.of("echo: hello", "bytes [3, 2, 1]"), received);
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);
    WebSocketRuntimeTestSupport.awaitLog(node, "closed by the client 1000");
    assertEquals(426, node.get("/ws/plain").statusCode(), "a plain request still gets an HTTP answer");
  }
}
