package dev.meridian.pop.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.pop.server.TestNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Clients that break the protocol get the status RFC 9110 names or a closed connection, and the node
 * keeps serving the next, well-behaved client.
 */
class MalformedHttpTest {

  static TestNode node;

  @BeforeAll
  static void start() throws Exception {
    node = TestNode.start(HttpLimits.DEFAULTS.withMaxBodyBytes(1024).withHeaderTimeout(Duration.ofMillis(500)));
    node.deploy("echo", """
        export default {
          async fetch(request) {
            return new Response(request.method + " " + (await request.text()).length);
          },
        };
        """);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @AfterEach
  void nodeStillServes() throws Exception {
    assertEquals("GET 0", node.get("/echo/").body());
  }

  private static String exchange(String raw) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", node.front.port())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      return readAll(socket.getInputStream());
    }
  }

  private static String readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    int n;
    try {
      while ((n = in.read(buffer)) > 0) {
        out.write(buffer, 0, n);
      }
    } catch (SocketTimeoutException e) {
      // what arrived so far is the answer
    }
    return out.toString(StandardCharsets.ISO_8859_1);
  }

  @Test
  void aBadRequestLineIs400() throws Exception {
    String response = exchange("THIS IS NOT HTTP\r\n\r\n");
    assertTrue(response.startsWith("HTTP/1.1 400"), response);
  }

  @Test
  void oversizedHeadersAre431() throws Exception {
    String response = exchange("GET /echo/ HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(40_000) + "\r\n\r\n");
    assertTrue(response.startsWith("HTTP/1.1 431"), response);
  }

  @Test
  void anOversizedRequestLineIs414() throws Exception {
    String response = exchange("GET /echo/" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
    assertTrue(response.startsWith("HTTP/1.1 414"), response);
  }

  @Test
  void aDeclaredBodyOverTheLimitIs413() throws Exception {
    String response = exchange("POST /echo/ HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n");
    assertTrue(response.startsWith("HTTP/1.1 413"), response);
  }

  @Test
  void aChunkedBodyThatCrossesTheLimitIs413() throws Exception {
    StringBuilder raw = new StringBuilder("POST /echo/ HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
    for (int i = 0; i < 4; i++) {
      raw.append("200\r\n").append("b".repeat(512)).append("\r\n");
    }
    raw.append("0\r\n\r\n");
    String response = exchange(raw.toString());
    assertTrue(response.startsWith("HTTP/1.1 413"), response);
  }

  @Test
  void aTruncatedBodyEndsTheConnectionWithoutHarm() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", node.front.port())) {
      OutputStream out = socket.getOutputStream();
      out.write("POST /echo/ HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly ten b".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      socket.shutdownOutput();
      socket.setSoTimeout(10_000);
      String response = readAll(socket.getInputStream());
      assertTrue(response.isEmpty() || response.startsWith("HTTP/1.1 500") || response.startsWith("HTTP/1.1 400"),
          response);
    }
  }

  @Test
  void aSlowLorisIsDisconnected() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", node.front.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write("GET /echo/ HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      boolean closed = false;
      for (int i = 0; i < 100 && !closed; i++) {
        try {
          out.write("X-Slow: y\r\n".getBytes(StandardCharsets.US_ASCII));
          out.flush();
          Thread.sleep(50);
        } catch (IOException e) {
          closed = true;
        }
        if (!closed && socket.getInputStream().available() == 0) {
          socket.setSoTimeout(1);
          try {
            closed = socket.getInputStream().read() == -1;
          } catch (SocketTimeoutException e) {
            // still open
          } finally {
            socket.setSoTimeout(10_000);
          }
        }
      }
      assertTrue(closed, "a client trickling headers for 5 s past a 500 ms header timeout must be cut off");
    }
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrder() throws Exception {
    String response = exchange("GET /echo/a HTTP/1.1\r\nHost: x\r\n\r\n"
        + "POST /echo/b HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
        + "GET /echo/c HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    int first = response.indexOf("GET 0");
    int second = response.indexOf("POST 3");
    int third = response.indexOf("GET 0", first + 1);
    assertTrue(first > 0 && second > first && third > second, response);
  }
}
