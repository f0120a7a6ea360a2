package dev.meridian.acme;

import java.util.Collection;
import java.util.Collections;
import java.util.Locale;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What a certificate is for: its hostnames (one certificate carries them all as subject alternative
 * names) and the challenge that proves we control them. The hostnames are lower-cased and sorted,
 * so two requests for the same names in another order or case are equal and share one certificate
 * in the store.
 *
 * @param hostnames  one or more DNS names; a wildcard is {@code *.} followed by a name
 * @param challenge  the challenge answered for every hostname; wildcards need {@link
 *     ChallengeType#DNS_01}
 */
public record CertificateRequest(SortedSet<String> hostnames, ChallengeType challenge) {

  /** Most names a request may carry: Let's Encrypt's limit. */
  public static final int MAX_HOSTNAMES = 100;

  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
  private static final int MAX_NAME_LENGTH = 253;

  /** Checks every hostname; the message of the exception names the one that is wrong and why. */
  public CertificateRequest {
    if (challenge == null) {
      throw new IllegalArgumentException("a certificate request needs a challenge type (HTTP_01 or DNS_01)");
    }
    if (hostnames == null || hostnames.isEmpty()) {
      throw new IllegalArgumentException("a certificate request needs at least one hostname");
    }
    if (hostnames.size() > MAX_HOSTNAMES) {
      throw new IllegalArgumentException("a certificate request carries at most " + MAX_HOSTNAMES
          + " hostnames, got " + hostnames.size() + ": split them over several certificates");
    }
    var normalized = new TreeSet<String>();
    for (String hostname : hostnames) {
      String name = normalize(hostname);
      if (name.startsWith("*.") && challenge != ChallengeType.DNS_01) {
        throw new IllegalArgumentException("wildcard hostname '" + hostname
            + "' can only be validated with DNS_01, not " + challenge);
      }
      normalized.add(name);
    }
    hostnames = Collections.unmodifiableSortedSet(normalized);
  }

  /** A request for {@code hostnames} validated by {@code challenge}. */
  public static CertificateRequest of(ChallengeType challenge, Collection<String> hostnames) {
    return new CertificateRequest(new TreeSet<>(hostnames), challenge);
  }

  /** A request for {@code hostnames} validated by {@code challenge}. */
  public static CertificateRequest of(ChallengeType challenge, String... hostnames) {
    return of(challenge, Set.of(hostnames));
  }

  /**
   * The store's key for this certificate: the sorted hostnames joined by commas. The challenge type
   * is not part of it: switching a name set from HTTP-01 to DNS-01 replaces its certificate.
   */
  public String name() {
    return String.join(",", hostnames);
  }

  private static String normalize(String hostname) {
    if (hostname == null) {
      throw new IllegalArgumentException("hostname must not be null");
    }
    String name = hostname.toLowerCase(Locale.ROOT);
    if (name.endsWith(".")) {
      name = name.substring(0, name.length() - 1);
    }
    String rest = name.startsWith("*.") ? name.substring(2) : name;
    if (rest.isEmpty() || name.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException("hostname '" + hostname
          + "' is not a DNS name: it must have 1 to " + MAX_NAME_LENGTH + " characters");
    }
    String[] labels = rest.split("\\.", -1);
    if (labels.length < 2) {
      throw new IllegalArgumentException("hostname '" + hostname
          + "' has a single label: ACME servers issue only for names under a public suffix, like"
          + " www.example.com");
    }
    for (String label : labels) {
      if (!LABEL.matcher(label).matches()) {
        throw new IllegalArgumentException("hostname '" + hostname + "' has an invalid label '"
            + label + "': labels are 1 to 63 letters, digits or inner hyphens (a wildcard is only"
            + " allowed as the whole first label, '*.')");
      }
    }
    if (labels[labels.length - 1].chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException("hostname '" + hostname
          + "' looks like an IP address: request certificates for DNS names only");
    }
    return name;
  }
}
