package dev.meridian.acme.pebble;

import com.sun.net.httpserver.HttpServer;
import dev.meridian.acme.challenge.Http01Tokens;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The smallest HTTP-01 answerer for a test: the JDK's HTTP server on a free loopback port, serving
 * {@link Http01Tokens#forPath} exactly as a PoP does (200 and the key authorization, else 404).
 * Start it before {@link PebbleServer}, which validates on its {@link #port()}.
 */
public final class Http01Server implements AutoCloseable {

  private final HttpServer server;

  private Http01Server(HttpServer server) {
    this.server = server;
  }

  /** Serves {@code tokens} on 127.0.0.1 at a free port. */
  public static Http01Server start(Http01Tokens tokens) throws IOException {
    HttpServer server = HttpServer.create(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      String keyAuthorization = tokens.forPath(exchange.getRequestURI().getPath());
      byte[] body = (keyAuthorization == null ? "no such token" : keyAuthorization)
          .getBytes(StandardCharsets.US_ASCII);
      exchange.getResponseHeaders().set("Content-Type", "text/plain");
      exchange.sendResponseHeaders(keyAuthorization == null ? 404 : 200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    return new Http01Server(server);
  }

  /** The port it listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
