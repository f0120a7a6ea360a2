package dev.meridian.dns.steer;

import dev.meridian.dns.zone.AddressSource;
import java.net.InetAddress;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Type;

/**
 * Geo-steering for one server: locates a client and offers its nearest healthy PoPs as the
 * addresses of steered hostnames.
 *
 * @param answerCount how many PoPs an answer lists (default {@value #DEFAULT_ANSWER_COUNT}): more
 *     than one lets a resolver fail over without asking again
 */
public record Steering(GeoLocator locator, PopDirectory pops, int answerCount) {

  public static final int DEFAULT_ANSWER_COUNT = 2;

  public Steering {
    if (answerCount < 1) {
      throw new IllegalArgumentException("Steering.answerCount must be at least 1, was " + answerCount);
    }
  }

  public Steering(GeoLocator locator, PopDirectory pops) {
    this(locator, pops, DEFAULT_ANSWER_COUNT);
  }

  /** Where {@code client} is; null when the locator does not know. */
  public GeoLocator.@Nullable Match locate(InetAddress client) {
    return locator.locate(client);
  }

  /** The addresses for a client at {@code location} (null when unknown). */
  public AddressSource addressesFor(@Nullable Location location) {
    return (host, type) -> pops.nearestAddresses(location, type == Type.AAAA ? 16 : 4, answerCount);
  }
}
