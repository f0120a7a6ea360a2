package dev.meridian.pop.api.websocket;

import dev.meridian.pop.api.Extension;
import dev.meridian.pop.api.HostOp;
import dev.meridian.pop.api.HostOpException;
import dev.meridian.pop.api.OpContext;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * WebSocket the Workers way: {@code WebSocketPair} (two connected sockets in one isolate, the
 * server end accepted by the worker) and {@code new WebSocket(url)} for outbound connections on the
 * JDK's client ({@link WebSocketClients}), with {@code MessageEvent} and {@code CloseEvent}.
 *
 * <p>Ops: {@code op_websocket_connect(url, protocols)} → id; {@code op_websocket_next(id)} → promise of
 * the next event ({@code open}, {@code message}, {@code error}, {@code close}); {@code
 * op_websocket_send(id, data)}; {@code op_websocket_close(id, code, reason)}; {@code
 * op_websocket_free(id)}.
 */
public final class WebSocketExtension implements Extension {

  @Override
  public String name() {
    return "websocket";
  }

  @Override
  public List<String> dependencies() {
    return List.of("webidl", "dom", "url", "file", "encoding");
  }

  @Override
  public List<String> scripts() {
    return List.of("01_websocket.js");
  }

  @Override
  public List<HostOp> ops() {
    return List.of(
        new HostOp("op_websocket_connect", args -> {
          WebSocketClients clients = clients();
          List<String> protocols = new ArrayList<>();
          for (Object protocol : (List<?>) args[1]) {
            protocols.add((String) protocol);
          }
          WebSocketClients.Connection connection = new WebSocketClients.Connection();
          double id = clients.nextId++;
          clients.byId.put(id, connection);
          try {
            connection.connect(URI.create((String) args[0]), protocols);
          } catch (IllegalArgumentException e) {
            clients.byId.remove(id);
            throw HostOpException.domException("SyntaxError", "Cannot connect to " + args[0] + ": " + e.getMessage());
          }
          return id;
        }),
        new HostOp("op_websocket_next", args -> clients().connection(args[0]).next()),
        new HostOp("op_websocket_send", args -> {
          clients().connection(args[0]).send(args[1]);
          return null;
        }),
        new HostOp("op_websocket_close", args -> {
          clients().connection(args[0]).close(((Number) args[1]).intValue(), (String) args[2]);
          return null;
        }),
        new HostOp("op_websocket_free", args -> {
          WebSocketClients.Connection connection = clients().byId.remove(((Number) args[0]).doubleValue());
          if (connection != null) {
            connection.abort();
          }
          return null;
        }));
  }

  private static WebSocketClients clients() {
    return OpContext.current().local(WebSocketClients.class, WebSocketClients::new);
  }
}
