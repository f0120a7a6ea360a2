package dev.meridian.bundles.fetch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.meridian.bundles.Bundle;
import dev.meridian.bundles.BundleNotFoundException;
import dev.meridian.bundles.TestBundles;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a real HTTP server playing the control plane's {@code /internal/bundles/{hash}}. */
class HttpBundleSourceTest {

  private static final String TOKEN = "mrd_node-token";
  private final Bundle bundle = TestBundles.worker("w", "hello");
  private HttpServer server;
  private URI base;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/cp/internal/bundles/", ex -> {
      String hash = ex.getRequestURI().getPath().substring("/cp/internal/bundles/".length());
      byte[] body;
      int status;
      if (!("Bearer " + TOKEN).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
        status = 401;
        body = "{\"error\":{\"code\":\"unauthorized\"}}".getBytes(StandardCharsets.UTF_8);
      } else if (hash.equals(bundle.hash())) {
        status = 200;
        body = bundle.encode();
      } else if (hash.equals("e".repeat(64))) {
        status = 500;
        body = "boom".getBytes(StandardCharsets.UTF_8);
      } else {
        status = 404;
        body = new byte[0];
      }
      ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/cp");
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void downloadsWithTheBearerToken() throws Exception {
    assertArrayEquals(bundle.encode(), new HttpBundleSource(base, TOKEN).download(bundle.hash()));
    assertArrayEquals(bundle.encode(), new HttpBundleSource(URI.create(base + "/"), TOKEN).download(bundle.hash()));
  }

  @Test
  void unknownIsBundleNotFound() {
    BundleNotFoundException e = assertThrows(BundleNotFoundException.class,
        () -> new HttpBundleSource(base, TOKEN).download("0".repeat(64)));
    assertTrue(e.getMessage().contains("0".repeat(64)), e.getMessage());
  }

  @Test
  void aRefusedTokenSaysWhichScopeIsNeeded() {
    IOException e = assertThrows(IOException.class, () -> new HttpBundleSource(base, "wrong").download(bundle.hash()));
    assertTrue(e.getMessage().contains("HTTP 401") && e.getMessage().contains("\"node\" scope"), e.getMessage());
  }

  @Test
  void otherStatusesAreIoErrorsNamingThem() {
    IOException e = assertThrows(IOException.class, () -> new HttpBundleSource(base, TOKEN).download("e".repeat(64)));
    assertTrue(e.getMessage().contains("HTTP 500: boom"), e.getMessage());
  }

  @Test
  void feedsTheFetcherEndToEnd(@TempDir Path dir) throws Exception {
    try (BundleFetcher f = new BundleFetcher(new HttpBundleSource(base, TOKEN), new DiskBundleCache(dir, 1 << 20), Duration.ofSeconds(30))) {
      assertEquals(bundle, f.fetch(bundle.hash()).get(30, TimeUnit.SECONDS));
    }
  }

  @Test
  void anUnreachableControlPlaneIsAnIoError() {
    server.stop(0);
    assertThrows(IOException.class, () -> new HttpBundleSource(base, TOKEN, Duration.ofSeconds(5)).download(bundle.hash()));
  }
}
