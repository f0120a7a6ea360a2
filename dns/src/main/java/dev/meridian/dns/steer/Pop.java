package dev.meridian.dns.steer;

import java.net.InetAddress;
import java.util.List;

/**
 * A point of presence as DNS sees it: the addresses to hand out and where it stands.
 *
 * @param id unique in the directory, e.g. {@code fra1}
 * @param addresses IPv4 and IPv6 addresses; an A answer uses the former, AAAA the latter
 */
public record Pop(String id, List<InetAddress> addresses, Location location) {

  public Pop {
    if (id.isBlank()) {
      throw new IllegalArgumentException("a PoP needs a non-blank id");
    }
    addresses = List.copyOf(addresses);
    if (addresses.isEmpty()) {
      throw new IllegalArgumentException("PoP '" + id + "' needs at least one address");
    }
  }

  boolean hasFamily(int addressLength) {
    for (InetAddress address : addresses) {
      if (address.getAddress().length == addressLength) {
        return true;
      }
    }
    return false;
  }
}
