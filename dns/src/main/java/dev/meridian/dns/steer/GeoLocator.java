package dev.meridian.dns.steer;

import java.net.InetAddress;
import org.jspecify.annotations.Nullable;

/** Maps a client address to a location. Implementations are thread-safe. */
public interface GeoLocator {

  /** Where {@code address} is, and the prefix length the answer holds for; null when unknown. */
  @Nullable Match locate(InetAddress address);

  /**
   * A located address.
   *
   * @param prefixLength the length of the network the location was found for: the ECS scope of a
   *     steered answer (RFC 7871 §7.2.1), since every address in that network gets the same answer
   */
  record Match(Location location, int prefixLength) {}

  /** Tries each locator in turn (configuration first, then a database). */
  static GeoLocator firstOf(GeoLocator... locators) {
    GeoLocator[] copy = locators.clone();
    return address -> {
      for (GeoLocator locator : copy) {
        Match match = locator.locate(address);
        if (match != null) {
          return match;
        }
      }
      return null;
    };
  }
}
