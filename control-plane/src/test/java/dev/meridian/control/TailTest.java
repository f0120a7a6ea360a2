package dev.meridian.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.bundles.tail.LocalLogTail;
import dev.meridian.bundles.tail.LogTail;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GET /v1/workers/{name}/tail streams the deployment's log events as NDJSON until the client leaves. */
class TailTest {

  /** The real in-process tail, counting open subscriptions so the test sees one end. */
  static final class CountingTail implements LogTail {
    final LocalLogTail inner = new LocalLogTail();
    final AtomicInteger open = new AtomicInteger();
    volatile CountDownLatch closed = new CountDownLatch(1);

    @Override
    public void publish(String deploymentId, byte[] event) {
      inner.publish(deploymentId, event);
    }

    @Override
    public Subscription subscribe(String deploymentId, Consumer<byte[]> events) {
      Subscription s = inner.subscribe(deploymentId, events);
      open.incrementAndGet();
      return () -> {
        s.close();
        open.decrementAndGet();
        closed.countDown();
      };
    }
  }

  @TempDir
  Path dir;
  TestPlane t;
  final CountingTail tail = new CountingTail();

  @BeforeEach
  void start() throws Exception {
    t = TestPlane.start(dir, c -> new ControlPlane.Config(c.dataDir(), c.host(), c.port(), c.manifests(), tail,
        c.kvStore(), c.maxBundleBytes(), c.clock()));
    TestPlane.upload(t.admin, "shop", TestPlane.bundle("shop", m -> m));
  }

  @AfterEach
  void stop() {
    t.close();
  }

  @Test
  void streamsEventsAsNdjsonAndStopsWhenTheClientLeaves() throws Exception {
    try (Socket s = new Socket("127.0.0.1", t.plane.port())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(("GET /v1/workers/shop/tail HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + t.plane.adminToken()
          + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      assertEquals("HTTP/1.1 200 OK", in.readLine());
      boolean chunked = false;
      boolean ndjson = false;
      for (String h = in.readLine(); !h.isEmpty(); h = in.readLine()) {
        chunked |= h.equalsIgnoreCase("transfer-encoding: chunked");
        ndjson |= h.equalsIgnoreCase("content-type: application/x-ndjson");
      }
      assertTrue(chunked && ndjson);
      assertEquals(1, tail.open.get(), "subscribed before the head was sent");

      tail.publish("default/other", "{\"msg\":\"not mine\"}".getBytes(StandardCharsets.UTF_8));
      tail.publish("default/shop", "{\"msg\":\"one\"}".getBytes(StandardCharsets.UTF_8));
      tail.publish("default/shop", "{\"msg\":\"two\nlines\"}".getBytes(StandardCharsets.UTF_8));
      assertEquals("{\"msg\":\"one\"}", chunk(in));
      assertEquals("{\"msg\":\"two lines\"}", chunk(in), "an event is one line");
    }
    assertTrue(tail.closed.await(10, TimeUnit.SECONDS), "the subscription closes when the client leaves");
    assertEquals(0, tail.open.get());
  }

  @Test
  void closingTheServerEndsTheStream() throws Exception {
    try (Socket s = new Socket("127.0.0.1", t.plane.port())) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(("GET /v1/workers/shop/tail HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
          + t.plane.adminToken() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      assertEquals("HTTP/1.1 200 OK", in.readLine());
      t.plane.close();
      assertTrue(tail.closed.await(10, TimeUnit.SECONDS));
      while (in.readLine() != null) {
        // the head's remaining lines, then end of stream
      }
    }
  }

  @Test
  void tailOfAnUnknownWorkerIs404AndNeedsTheScope() {
    assertEquals(404, t.admin.get("/v1/workers/ghost/tail").status());
    assertEquals(403, t.api(t.token("default", "workers:read")).get("/v1/workers/shop/tail").status());
    assertEquals(0, tail.open.get());
  }

  /** One chunk of a chunked body: its size line, its data (one NDJSON line), its CRLF. */
  private static String chunk(BufferedReader in) throws IOException {
    int size = Integer.parseInt(in.readLine().trim(), 16);
    char[] data = new char[size];
    int read = 0;
    while (read < size) {
      int n = in.read(data, read, size - read);
      if (n < 0) {
        throw new IOException("stream ended inside a chunk");
      }
      read += n;
    }
    assertEquals("", in.readLine(), "CRLF after the chunk");
    String line = new String(data);
    assertTrue(line.endsWith("\n"), line);
    return line.substring(0, line.length() - 1);
  }
}
