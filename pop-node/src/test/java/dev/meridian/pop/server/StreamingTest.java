package dev.meridian.pop.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 1 GiB upload passes through a worker that streams it back, in a node whose Java heap is capped
 * at 64 MiB and whose isolate heap is capped at 128 MiB: if any layer buffered the body whole, the
 * node would run out of memory and the bytes would not come back intact.
 */
class StreamingTest {

  static final long SIZE = 1L << 30;

  @TempDir
  Path work;

  @Test
  void aGibibytePassesThroughAStreamingWorkerInBoundedMemory() throws Exception {
    Path project = work.resolve("echo");
    DevServerProcess.writeFile(project.resolve("meridian.toml"), "name = \"echo\"\nmain = \"index.js\"\n");
    DevServerProcess.writeFile(project.resolve("index.js"), """
        export default {
          fetch(request) {
            return new Response(request.body, { headers: {
              "content-type": "application/octet-stream",
              "content-length": request.headers.get("content-length"),
            } });
          },
        };
        """);
    try (DevServerProcess server = DevServerProcess.start(project, work, "-Xmx64m", "-XX:MaxDirectMemorySize=64m");
        Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(120_000);
      // The client writes and reads at once, as a browser or curl does: the node reads the upload only
      // as fast as the echo drains, so a client that read only after sending everything would stall.
      CRC32 sent = new CRC32();
      CompletableFuture<Void> upload = CompletableFuture.runAsync(() -> {
        try {
          OutputStream out = socket.getOutputStream();
          out.write(("POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: " + SIZE + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
          try (PatternStream body = new PatternStream(SIZE, sent)) {
            body.transferTo(out);
          }
          out.flush();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      InputStream in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
      String head = readHead(in);
      assertTrue(head.startsWith("HTTP/1.1 200"), head);
      CRC32 received = new CRC32();
      long total = 0;
      byte[] buffer = new byte[1 << 16];
      int n;
      while (total < SIZE && (n = in.read(buffer, 0, (int) Math.min(buffer.length, SIZE - total))) > 0) {
        received.update(buffer, 0, n);
        total += n;
      }
      upload.get(120, TimeUnit.SECONDS);
      assertEquals(SIZE, total);
      assertEquals(sent.getValue(), received.getValue());
      assertTrue(server.isAlive(), "the node is still up");
    }
  }

  private static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        break;
      }
      head.append((char) c);
    }
    return head.toString();
  }

  /** {@code size} bytes of a repeating pattern, generated as read, with their CRC. */
  private static final class PatternStream extends InputStream {
    private final long size;
    private final CRC32 crc;
    private long position;

    PatternStream(long size, CRC32 crc) {
      this.size = size;
      this.crc = crc;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (position >= size) {
        return -1;
      }
      int n = (int) Math.min(len, size - position);
      for (int i = 0; i < n; i++) {
        b[off + i] = (byte) ((position + i) * 31 >>> 3);
      }
      crc.update(b, off, n);
      position += n;
      return n;
    }
  }
}
