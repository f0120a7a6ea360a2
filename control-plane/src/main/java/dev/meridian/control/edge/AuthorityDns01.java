package dev.meridian.control.edge;

import dev.meridian.acme.challenge.Dns01Publisher;
import dev.meridian.dns.zone.Authority;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/** ACME DNS-01 answered by our own authoritative DNS: the TXT record is served from the next query on. */
public final class AuthorityDns01 implements Dns01Publisher {

  private final Authority authority;

  public AuthorityDns01(Authority authority) {
    this.authority = authority;
  }

  @Override
  public void publish(String name, String value) {
    authority.addTxt(name(name), value);
  }

  @Override
  public void withdraw(String name, String value) {
    authority.removeTxt(name(name), value);
  }

  private static Name name(String name) {
    try {
      return Name.fromString(name.endsWith(".") ? name : name + ".");
    } catch (TextParseException e) {
      throw new IllegalArgumentException("'" + name + "' is not a DNS name: " + e.getMessage(), e);
    }
  }
}
