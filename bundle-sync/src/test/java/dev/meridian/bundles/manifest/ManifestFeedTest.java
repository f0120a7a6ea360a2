package dev.meridian.bundles.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.meridian.bundles.feed.FileKeyedFeed;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestFeedTest {

  @TempDir Path dir;

  /** Records manifests as {@code deployment@revision}, deletes as {@code -deployment}. */
  static final class Recorder implements ManifestFeed.Listener {
    final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    @Override
    public void onManifest(Manifest m) {
      events.add(m.deploymentId() + "@" + m.revision());
    }

    @Override
    public void onDelete(String deploymentId) {
      events.add("-" + deploymentId);
    }

    @Override
    public void onReplayed() {
      events.add("replayed");
    }

    String next() throws InterruptedException {
      String e = events.poll(60, TimeUnit.SECONDS);
      assertNotNull(e, "no event arrived");
      return e;
    }
  }

  static Manifest manifest(String worker, long revision) {
    return new Manifest("acme", worker, revision, List.of(worker + ".example.com/*"),
        List.of(new Release("v" + revision, "c".repeat(64), 100)), Map.of(), false);
  }

  @Test
  void corruptedAndMisfiledMessagesAreSkippedAndLaterOnesArrive() throws Exception {
    try (FileKeyedFeed raw = new FileKeyedFeed(dir)) {
      ManifestFeed feed = new ManifestFeed(raw);
      feed.publish(manifest("shop", 1));
      raw.publish("acme/broken", "{not json".getBytes(StandardCharsets.UTF_8));
      raw.publish("acme/misfiled", manifest("other", 1).toJson());
      Recorder r = new Recorder();
      feed.subscribe(r);
      assertEquals("acme/shop@1", r.next());
      assertEquals("replayed", r.next());

      raw.publish("acme/shop", "\u0000garbage".getBytes(StandardCharsets.UTF_8));
      feed.publish(manifest("shop", 2));
      feed.delete("acme/shop");
      assertEquals("acme/shop@2", r.next());
      assertEquals("-acme/shop", r.next());
    }
  }
}
