package dev.meridian.bundles.tail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.bundles.feed.FileKeyedFeed;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A PoP's tail sends only while a tail session for the deployment is open somewhere. */
class WatchedLogTailTest {

  @TempDir Path dir;

  @Test
  void publishersSendOnlyWhileSomebodyTails() throws Exception {
    try (FileKeyedFeed sessions = new FileKeyedFeed(dir)) {
      CountingTail wire = new CountingTail();
      WatchedLogTail pop = new WatchedLogTail(wire, sessions);
      WatchedLogTail control = new WatchedLogTail(wire, sessions);
      pop.publish("t/w", bytes("unseen"));
      assertEquals(0, wire.published.size(), "nobody tails: nothing sent");

      List<String> received = new CopyOnWriteArrayList<>();
      LogTail.Subscription first = control.subscribe("t/w", event -> received.add(new String(event, StandardCharsets.UTF_8)));
      LogTail.Subscription second = control.subscribe("t/w", event -> {});
      await(() -> pop.watched("t/w"));
      assertFalse(pop.watched("t/other"));
      pop.publish("t/w", bytes("seen"));
      pop.publish("t/other", bytes("unwatched"));
      assertEquals(List.of("seen"), received);
      assertEquals(1, wire.published.size());

      first.close();
      Thread.sleep(200);
      assertTrue(pop.watched("t/w"), "the second session still tails");
      second.close();
      await(() -> !pop.watched("t/w"));
      pop.publish("t/w", bytes("after"));
      assertEquals(1, wire.published.size());
      pop.close();
      control.close();
    }
  }

  /** Feeds deliver on their own thread: a session is known to the PoP a moment after it opens. */
  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertTrue(condition.getAsBoolean(), "not within 5 s");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** The local tail, counting what reaches it. */
  private static final class CountingTail implements LogTail {
    final LocalLogTail local = new LocalLogTail();
    final List<byte[]> published = new CopyOnWriteArrayList<>();

    @Override
    public void publish(String deploymentId, byte[] event) {
      published.add(event);
      local.publish(deploymentId, event);
    }

    @Override
    public Subscription subscribe(String deploymentId, Consumer<byte[]> events) {
      return local.subscribe(deploymentId, events);
    }
  }
}
