package dev.meridian.dns.zone;

import java.net.InetAddress;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;

/**
 * Where the addresses of a steered hostname come from: geo-steering supplies them per query, from
 * the client's location and the PoPs' health.
 */
@FunctionalInterface
public interface AddressSource {

  /**
   * The addresses to answer for {@code host}, of one family ({@code Type.A} or {@code Type.AAAA}),
   * nearest first; empty when no PoP has an address of that family (the answer is then NODATA); null
   * when no PoP can be offered at all (the answer is then SERVFAIL).
   */
  @Nullable List<InetAddress> addresses(Name host, int type);
}
