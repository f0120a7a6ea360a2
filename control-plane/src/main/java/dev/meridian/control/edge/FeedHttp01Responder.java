package dev.meridian.control.edge;

import dev.meridian.acme.challenge.Http01Responder;
import dev.meridian.bundles.feed.KeyedFeed;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * HTTP-01 challenges answered by every PoP: the key authorization goes out on a keyed feed (key =
 * token) that every PoP follows, and is deleted once the challenge is decided. The CA may ask any
 * PoP DNS sends it to, so {@link #publish} waits {@code propagation} after the feed has stored the
 * record, long enough for the PoPs to have it (milliseconds on a healthy feed).
 */
public final class FeedHttp01Responder implements Http01Responder {

  private final KeyedFeed feed;
  private final Duration propagation;

  public FeedHttp01Responder(KeyedFeed feed, Duration propagation) {
    this.feed = feed;
    this.propagation = propagation;
  }

  @Override
  public void publish(String token, String keyAuthorization) {
    feed.publish(token, keyAuthorization.getBytes(StandardCharsets.US_ASCII));
    try {
      Thread.sleep(propagation);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void withdraw(String token) {
    feed.delete(token);
  }
}
