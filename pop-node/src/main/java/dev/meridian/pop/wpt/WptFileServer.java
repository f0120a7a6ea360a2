package dev.meridian.pop.wpt;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Serves the files of one WPT tree read-only on 127.0.0.1, so that a test's {@code fetch("resources/
 * urltestdata.json")} goes through the worker's real {@code fetch()} to a real server, as WPT's own
 * server would answer it. Only GET and HEAD of regular files inside the root; everything else is a
 * 404 or 405. The query string is ignored.
 */
final class WptFileServer implements AutoCloseable {

  private final Path root;
  private final HttpServer server;

  private WptFileServer(Path root, HttpServer server) {
    this.root = root;
    this.server = server;
  }

  static WptFileServer start(Path root) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    WptFileServer files = new WptFileServer(root.toAbsolutePath().normalize(), server);
    server.createContext("/", files::handle);
    server.start();
    return files;
  }

  /** {@code http://127.0.0.1:PORT}, without a trailing slash. */
  String origin() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        send(exchange, 405, "text/plain", "only GET and HEAD\n".getBytes(StandardCharsets.UTF_8), false);
        return;
      }
      Path file = root.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
      if (!file.startsWith(root) || !Files.isRegularFile(file)) {
        send(exchange, 404, "text/plain", "not found\n".getBytes(StandardCharsets.UTF_8), false);
        return;
      }
      send(exchange, 200, contentType(file), Files.readAllBytes(file), method.equals("HEAD"));
    }
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body, boolean head)
      throws IOException {
    exchange.getResponseHeaders().set("content-type", type);
    exchange.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
    if (!head && body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static String contentType(Path file) {
    String name = file.getFileName().toString();
    if (name.endsWith(".json")) {
      return "application/json";
    } else if (name.endsWith(".js")) {
      return "text/javascript; charset=utf-8";
    } else if (name.endsWith(".html") || name.endsWith(".htm")) {
      return "text/html; charset=utf-8";
    } else if (name.endsWith(".wasm")) {
      return "application/wasm";
    } else if (name.endsWith(".txt")) {
      return "text/plain; charset=utf-8";
    }
    return "application/octet-stream";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
