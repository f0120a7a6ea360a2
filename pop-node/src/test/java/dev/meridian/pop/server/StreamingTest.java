package dev.meridian.pop.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
            return new Response(request.body, { headers: { "content-type": "application/octet-stream" } });
          },
        };
        """);
    try (DevServerProcess server = DevServerProcess.start(project, work, "-Xmx64m", "-XX:MaxDirectMemorySize=64m")) {
      CRC32 sent = new CRC32();
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/"))
          .POST(HttpRequest.BodyPublishers.fromPublisher(
              HttpRequest.BodyPublishers.ofInputStream(() -> new PatternStream(SIZE, sent)), SIZE))
          .build();
      HttpResponse<InputStream> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
          .send(request, HttpResponse.BodyHandlers.ofInputStream());
      assertEquals(200, response.statusCode());
      CRC32 received = new CRC32();
      long total = 0;
      try (InputStream body = response.body()) {
        byte[] buffer = new byte[1 << 16];
        int n;
        while ((n = body.read(buffer)) > 0) {
          received.update(buffer, 0, n);
          total += n;
        }
      }
      assertEquals(SIZE, total);
      assertEquals(sent.getValue(), received.getValue());
      assertTrue(server.isAlive(), "the node is still up");
    }
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
