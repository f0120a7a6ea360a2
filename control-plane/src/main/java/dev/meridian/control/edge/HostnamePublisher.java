package dev.meridian.control.edge;

import dev.meridian.bundles.manifest.Manifest;
import dev.meridian.dns.zone.Authority;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * Steers in DNS every hostname a deployment answers at: its routes' hostnames ({@code *.host} for a
 * wildcard route) and its platform hostname. A name leaves DNS when no deployment routes it any
 * more ({@link NameUse}).
 */
public final class HostnamePublisher extends RoutedNames {

  private static final Logger LOG = LoggerFactory.getLogger(HostnamePublisher.class);

  private final Authority authority;
  private final String platformDomain;

  public HostnamePublisher(Authority authority, String platformDomain) {
    this.authority = authority;
    this.platformDomain = platformDomain;
  }

  /** The DNS names (absolute) {@code manifest} answers at. */
  @Override
  Set<String> names(Manifest manifest) {
    Set<String> names = new TreeSet<>();
    names.add(manifest.platformHost(platformDomain) + ".");
    routeHosts(manifest).forEach(host -> names.add(host + "."));
    return names;
  }

  @Override
  void apply(NameUse.Change change) {
    for (String name : change.added()) {
      try {
        authority.publishSteered(Name.fromString(name));
      } catch (TextParseException | IllegalArgumentException e) {
        LOG.warn("event=dns_name_refused name={} error=\"{}\"", name, e.getMessage());
      }
    }
    for (String name : change.removed()) {
      try {
        authority.unpublishSteered(Name.fromString(name));
      } catch (TextParseException e) {
        LOG.warn("event=dns_name_refused name={} error=\"{}\"", name, e.getMessage());
      }
    }
  }
}
