package dev.meridian.bundles.feed;

/**
 * The latest value per key, replicated to every subscriber, surviving restarts of publishers and
 * subscribers. Manifests travel on one (keyed by deployment); PoP health and certificates can too.
 *
 * <p>Delivery to one {@link Listener} is sequential and in publish order per key; a subscriber
 * that starts late gets the current state first, never intermediate values. An empty value is not
 * allowed (it is the delete marker on the wire): use {@link #delete}. Failures to publish throw
 * {@link java.io.UncheckedIOException}, saying what could not be reached.
 */
public interface KeyedFeed extends AutoCloseable {

  /** Sets {@code key} to {@code value} (not empty); returns once the feed has stored it durably. */
  void publish(String key, byte[] value);

  /** Removes {@code key}; returns once stored. Deleting a missing key is allowed. */
  void delete(String key);

  /** Starts delivering to {@code listener}: the current state, {@link Listener#onReplayed()}, then live changes. */
  Subscription subscribe(Listener listener);

  /** Closes the feed's own resources (not a client it was given); subscriptions stop. */
  @Override
  void close();

  /**
   * Receives a feed's changes, one call at a time. An exception thrown here is logged and the
   * subscription goes on with the next change.
   */
  interface Listener {

    void onUpdate(String key, byte[] value);

    void onDelete(String key);

    /** Called once, after the state current at subscribe time has been delivered. */
    void onReplayed();
  }

  /** Stops a subscription; no listener call starts after {@link #close()} returns. */
  interface Subscription extends AutoCloseable {
    @Override
    void close();
  }
}
