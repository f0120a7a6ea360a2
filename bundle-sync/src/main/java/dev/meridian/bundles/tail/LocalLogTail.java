package dev.meridian.bundles.tail;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link LogTail} inside one process (the all-in-one server): {@link #publish} calls each
 * subscriber of the deployment on the publishing thread. A subscriber that throws is logged, not
 * removed, and never fails the publisher.
 */
public final class LocalLogTail implements LogTail {

  private static final Logger LOG = LoggerFactory.getLogger(LocalLogTail.class);

  private final Map<String, CopyOnWriteArrayList<Consumer<byte[]>>> tails = new ConcurrentHashMap<>();

  @Override
  public void publish(String deploymentId, byte[] event) {
    var subscribers = tails.get(deploymentId);
    if (subscribers == null) {
      return;
    }
    for (Consumer<byte[]> s : subscribers) {
      try {
        s.accept(event.clone());
      } catch (RuntimeException e) {
        LOG.warn("event=tail_subscriber_failed deployment={} error={}", deploymentId, e.toString());
      }
    }
  }

  @Override
  public Subscription subscribe(String deploymentId, Consumer<byte[]> events) {
    Consumer<byte[]> handle = events::accept; // a fresh object: the same consumer may subscribe twice
    tails.computeIfAbsent(deploymentId, k -> new CopyOnWriteArrayList<>()).add(handle);
    return () -> tails.computeIfPresent(deploymentId, (k, list) -> {
      list.remove(handle);
      return list.isEmpty() ? null : list;
    });
  }
}
