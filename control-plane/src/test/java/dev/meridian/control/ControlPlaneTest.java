package dev.meridian.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.bundles.Bundle;
import dev.meridian.bundles.feed.FileKeyedFeed;
import dev.meridian.bundles.tail.LocalLogTail;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlPlaneTest {

  @TempDir
  Path dir;

  @Test
  void aPortInUseIsAClearErrorAndLeavesTheDataDirectoryUsable() throws Exception {
    try (TestPlane running = TestPlane.start(dir.resolve("a"));
        FileKeyedFeed feed = new FileKeyedFeed(dir.resolve("feed"))) {
      ControlPlane.Config config = ControlPlane.Config.of(dir.resolve("b"), feed, new LocalLogTail())
          .withAddress("127.0.0.1", running.plane.port());
      IOException e = assertThrows(IOException.class, () -> ControlPlane.start(config));
      assertTrue(e.getMessage().contains("cannot listen on 127.0.0.1:" + running.plane.port()), e.getMessage());
      try (ControlPlane again = ControlPlane.start(config.withAddress("127.0.0.1", 0))) {
        assertTrue(again.port() > 0);
      }
    }
  }

  @Test
  void configIsCheckedWhenMade() throws Exception {
    try (FileKeyedFeed feed = new FileKeyedFeed(dir.resolve("feed"))) {
      ControlPlane.Config ok = ControlPlane.Config.of(dir, feed, new LocalLogTail());
      assertEquals(Bundle.MAX_BYTES, ok.maxBundleBytes());
      assertEquals("127.0.0.1", ok.host());
      IllegalArgumentException port = assertThrows(IllegalArgumentException.class, () -> ok.withAddress("::", 70000));
      assertTrue(port.getMessage().contains("70000"));
      IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
          () -> ok.withMaxBundleBytes(Bundle.MAX_BYTES + 1));
      assertTrue(size.getMessage().contains("maxBundleBytes"));
    }
  }
}
