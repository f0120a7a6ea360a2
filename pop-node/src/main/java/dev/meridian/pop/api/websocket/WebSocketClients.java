package dev.meridian.pop.api.websocket;

import dev.meridian.pop.api.HostOpException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * The outbound WebSockets of one isolate ({@code new WebSocket(url)}), on the JDK's {@link
 * java.net.http.WebSocket}. Each connection turns the JDK listener's callbacks into a queue of plain
 * events that JavaScript takes one at a time ({@link Connection#next}), so a message is requested
 * from the server only when the previous one has been handed over (the JDK's own flow control).
 */
final class WebSocketClients {

  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();

  final Map<Double, Connection> byId = new HashMap<>();
  double nextId = 1;

  /** One connection: the events not yet taken, and the take waiting for the next. */
  static final class Connection implements WebSocket.Listener {
    private final ArrayDeque<Map<String, Object>> events = new ArrayDeque<>();
    private @Nullable CompletableFuture<Map<String, Object>> waiting;
    private @Nullable WebSocket socket;
    private final StringBuilder text = new StringBuilder();
    private final java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();
    private boolean closed;
    /** Sends in order: the JDK allows one outstanding send per socket. */
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);

    void connect(URI uri, List<String> protocols) {
      WebSocket.Builder builder = CLIENT.newWebSocketBuilder().connectTimeout(CONNECT_TIMEOUT);
      if (!protocols.isEmpty()) {
        builder.subprotocols(protocols.get(0), protocols.subList(1, protocols.size()).toArray(String[]::new));
      }
      builder.buildAsync(uri, this).whenComplete((ws, error) -> {
        if (error != null) {
          push(Map.of("type", "error"));
          push(Map.of("type", "close", "code", 1006.0, "reason", "", "wasClean", false));
        }
      });
    }

    /** The next event: open, message, error or close (the last). */
    synchronized CompletableFuture<Map<String, Object>> next() {
      Map<String, Object> event = events.poll();
      if (event != null) {
        return CompletableFuture.completedFuture(event);
      }
      waiting = new CompletableFuture<>();
      return waiting;
    }

    private synchronized void push(Map<String, Object> event) {
      if (closed) {
        return;
      }
      if ("close".equals(event.get("type"))) {
        closed = true;
      }
      CompletableFuture<Map<String, Object>> taker = waiting;
      if (taker != null) {
        waiting = null;
        taker.complete(event);
      } else {
        events.add(event);
      }
    }

    synchronized void send(Object data) {
      WebSocket ws = socket;
      if (ws == null) {
        return;
      }
      sending = sending.handle((ok, error) -> null).thenCompose(ignored -> data instanceof byte[] bytes
          ? ws.sendBinary(ByteBuffer.wrap(bytes), true) : ws.sendText((String) data, true));
    }

    synchronized void close(int code, String reason) {
      WebSocket ws = socket;
      if (ws == null) {
        push(Map.of("type", "close", "code", 1006.0, "reason", "", "wasClean", false));
        return;
      }
      sending = sending.handle((ok, error) -> null).thenCompose(ignored -> ws.sendClose(code, reason));
    }

    void abort() {
      WebSocket ws = socket;
      if (ws != null) {
        ws.abort();
      }
    }

    @Override
    public void onOpen(WebSocket webSocket) {
      socket = webSocket;
      push(Map.of("type", "open", "protocol", webSocket.getSubprotocol()));
      webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        push(Map.of("type", "message", "data", text.toString()));
        text.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
      byte[] bytes = new byte[data.remaining()];
      data.get(bytes);
      binary.writeBytes(bytes);
      if (last) {
        push(Map.of("type", "message", "data", binary.toByteArray()));
        binary.reset();
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      push(Map.of("type", "close", "code", (double) statusCode, "reason", reason, "wasClean", true));
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      push(Map.of("type", "error"));
      push(Map.of("type", "close", "code", 1006.0, "reason", "", "wasClean", false));
    }
  }

  Connection connection(Object id) throws HostOpException {
    Connection connection = byId.get(((Number) id).doubleValue());
    if (connection == null) {
      throw HostOpException.domException("InvalidStateError", "The WebSocket is closed");
    }
    return connection;
  }
}
