package dev.meridian.bundles.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileKeyedFeedTest {

  @TempDir Path dir;

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aLateSubscriberGetsTheLatestValuePerKeyThenLiveChanges() throws Exception {
    try (FileKeyedFeed feed = new FileKeyedFeed(dir)) {
      feed.publish("a", b("1"));
      feed.publish("b", b("1"));
      feed.publish("a", b("2"));
      feed.publish("c", b("1"));
      feed.delete("c");
      RecordingListener l = new RecordingListener();
      feed.subscribe(l); // closed with the feed
      assertEquals(List.of("a=2", "b=1", "replayed"), l.untilReplayed());
      feed.publish("b", b("2"));
      feed.delete("a");
      feed.publish("tenant/worker", b("x"));
      assertEquals(List.of("b=2", "-a", "tenant/worker=x"), l.next(3));
    }
  }

  @Test
  void stateSurvivesARestart() throws Exception {
    try (FileKeyedFeed feed = new FileKeyedFeed(dir)) {
      feed.publish("acme/shop", b("v1"));
      feed.publish("acme/blog", b("v1"));
      feed.publish("acme/shop", b("v2"));
      feed.delete("acme/blog");
    }
    Files.writeString(dir.resolve(".tmp-crashed"), "half");
    try (FileKeyedFeed again = new FileKeyedFeed(dir)) {
      RecordingListener l = new RecordingListener();
      again.subscribe(l);
      assertEquals(List.of("acme/shop=v2", "replayed"), l.untilReplayed());
    }
    assertTrue(Files.notExists(dir.resolve(".tmp-crashed")));
  }

  @Test
  void aThrowingListenerDoesNotStopItsSubscriptionOrOthers() throws Exception {
    try (FileKeyedFeed feed = new FileKeyedFeed(dir)) {
      RecordingListener good = new RecordingListener();
      feed.subscribe(new KeyedFeed.Listener() {
        @Override
        public void onUpdate(String key, byte[] value) {
          throw new IllegalStateException("listener bug");
        }

        @Override
        public void onDelete(String key) {}

        @Override
        public void onReplayed() {}
      });
      feed.subscribe(good);
      feed.publish("k", b("1"));
      feed.publish("k", b("2"));
      assertEquals(List.of("replayed", "k=1", "k=2"), good.next(3));
    }
  }

  @Test
  void aClosedSubscriptionHearsNothingMore() throws Exception {
    try (FileKeyedFeed feed = new FileKeyedFeed(dir)) {
      RecordingListener l = new RecordingListener();
      KeyedFeed.Subscription s = feed.subscribe(l);
      assertEquals(List.of("replayed"), l.untilReplayed());
      s.close();
      feed.publish("k", b("1"));
      RecordingListener other = new RecordingListener();
      feed.subscribe(other);
      other.untilReplayed(); // the publish was delivered to subscribers before this point
      assertEquals(List.of(), l.pending());
    }
  }

  @Test
  void aListenerMayCloseItsOwnSubscription() throws Exception {
    try (FileKeyedFeed feed = new FileKeyedFeed(dir)) {
      CountDownLatch closed = new CountDownLatch(1);
      KeyedFeed.Subscription[] self = new KeyedFeed.Subscription[1];
      self[0] = feed.subscribe(new KeyedFeed.Listener() {
        @Override
        public void onUpdate(String key, byte[] value) {
          self[0].close();
          closed.countDown();
        }

        @Override
        public void onDelete(String key) {}

        @Override
        public void onReplayed() {}
      });
      feed.publish("k", b("1"));
      assertTrue(closed.await(30, TimeUnit.SECONDS));
    }
  }

  @Test
  void keysAndValuesAreChecked() throws Exception {
    try (FileKeyedFeed feed = new FileKeyedFeed(dir)) {
      assertTrue(assertThrows(IllegalArgumentException.class, () -> feed.publish("k", new byte[0])).getMessage().contains("delete"));
      assertThrows(IllegalArgumentException.class, () -> feed.publish("", b("x")));
      assertThrows(IllegalArgumentException.class, () -> feed.publish("k".repeat(FileKeyedFeed.MAX_KEY_BYTES + 1), b("x")));
      String unicode = "tenant/wörker-✓";
      feed.publish(unicode, b("x"));
      RecordingListener l = new RecordingListener();
      feed.subscribe(l);
      assertEquals(Set.of(unicode + "=x", "replayed"), Set.copyOf(l.untilReplayed()));
    }
  }

  @Test
  void aClosedFeedRefusesWork() throws Exception {
    FileKeyedFeed feed = new FileKeyedFeed(dir);
    feed.close();
    assertThrows(IllegalStateException.class, () -> feed.publish("k", b("1")));
    assertThrows(IllegalStateException.class, () -> feed.subscribe(new RecordingListener()));
  }
}
