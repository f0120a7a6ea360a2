package dev.meridian.bundles.tail;

import dev.meridian.bundles.feed.KeyedFeed;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A log tail whose publishers only send while somebody tails: each subscription announces itself on a
 * keyed feed of tail sessions (key = a session id, value = the deployment) and withdraws when
 * closed, and {@link #publish} drops events of deployments nobody watches. PoPs then spend nothing
 * per request on the tail of a worker no one is looking at, as with Workers' tail sessions.
 *
 * <p>A session whose subscriber died without withdrawing keeps its deployment watched; that only
 * costs the events it would have sent anyway.
 */
public final class WatchedLogTail implements LogTail {

  private final LogTail tail;
  private final KeyedFeed sessions;
  private final Map<String, String> deploymentBySession = new ConcurrentHashMap<>();
  private final Map<String, Integer> watchers = new ConcurrentHashMap<>();
  private final KeyedFeed.Subscription following;

  public WatchedLogTail(LogTail tail, KeyedFeed sessions) {
    this.tail = tail;
    this.sessions = sessions;
    this.following = sessions.subscribe(new KeyedFeed.Listener() {
      @Override
      public void onUpdate(String session, byte[] deployment) {
        String deploymentId = new String(deployment, StandardCharsets.UTF_8);
        if (deploymentBySession.put(session, deploymentId) == null) {
          watchers.merge(deploymentId, 1, Integer::sum);
        }
      }

      @Override
      public void onDelete(String session) {
        String deploymentId = deploymentBySession.remove(session);
        if (deploymentId != null) {
          watchers.computeIfPresent(deploymentId, (id, count) -> count > 1 ? count - 1 : null);
        }
      }

      @Override
      public void onReplayed() {}
    });
  }

  /** Whether somebody tails {@code deploymentId} now. */
  @Override
  public boolean watched(String deploymentId) {
    return watchers.containsKey(deploymentId);
  }

  @Override
  public void publish(String deploymentId, byte[] event) {
    if (watched(deploymentId)) {
      tail.publish(deploymentId, event);
    }
  }

  @Override
  public Subscription subscribe(String deploymentId, Consumer<byte[]> events) {
    Subscription subscription = tail.subscribe(deploymentId, events);
    String session = UUID.randomUUID().toString();
    sessions.publish(session, deploymentId.getBytes(StandardCharsets.UTF_8));
    return () -> {
      subscription.close();
      sessions.delete(session);
    };
  }

  /** Stops following the sessions; the wrapped tail and the feed stay the caller's. */
  public void close() {
    following.close();
  }
}
