package dev.meridian.acme.challenge;

/**
 * Publishes DNS-01 TXT records (RFC 8555 §8.4), implemented by the authoritative DNS ({@code dns/}).
 *
 * <p>Several values can be live under one name at once: an order for {@code example.com} and
 * {@code *.example.com} has two challenges, both under {@code _acme-challenge.example.com}. So
 * {@link #withdraw} removes one value and leaves the others. The issuer withdraws every value it
 * published once its challenge is decided, valid or not.
 */
public interface Dns01Publisher {

  /**
   * Adds a TXT record {@code value} at {@code name}; returns once every authoritative server of the
   * zone answers it, because the CA queries right after the issuer triggers the challenge.
   *
   * @param name   the record's fully qualified name, {@code _acme-challenge.HOSTNAME.} (wildcard
   *     removed, trailing dot)
   * @param value  the digest of the key authorization (base64url, 43 characters)
   */
  void publish(String name, String value);

  /** Removes the TXT record {@code value} at {@code name}; one never published is ignored. */
  void withdraw(String name, String value);
}
