package dev.meridian.bundles.feed;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Records a feed's calls as text ({@code "k=v"}, {@code "-k"}, {@code "replayed"}) for tests to await. */
public final class RecordingListener implements KeyedFeed.Listener {

  private final BlockingQueue<String> events = new LinkedBlockingQueue<>();

  @Override
  public void onUpdate(String key, byte[] value) {
    events.add(key + "=" + new String(value, StandardCharsets.UTF_8));
  }

  @Override
  public void onDelete(String key) {
    events.add("-" + key);
  }

  @Override
  public void onReplayed() {
    events.add("replayed");
  }

  /** The next {@code n} events, waiting up to 60 s for each (a broker on a busy machine can be slow). */
  public List<String> next(int n) throws InterruptedException {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String e = events.poll(60, TimeUnit.SECONDS);
      assertNotNull(e, "event " + (i + 1) + " of " + n + " did not arrive; got " + out);
      out.add(e);
    }
    return out;
  }

  /** Events up to and including {@code "replayed"}. */
  public List<String> untilReplayed() throws InterruptedException {
    List<String> out = new ArrayList<>();
    while (true) {
      String e = next(1).get(0);
      out.add(e);
      if (e.equals("replayed")) {
        return out;
      }
    }
  }

  /** Whatever arrived and was not taken yet. */
  public List<String> pending() {
    List<String> out = new ArrayList<>();
    events.drainTo(out);
    return out;
  }
}
