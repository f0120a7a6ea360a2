package dev.meridian.acme;

/**
 * How the ACME server checks that we control a hostname (RFC 8555 §8.3 and §8.4).
 *
 * <p>HTTP-01 needs every PoP that the name resolves to to answer the token over plain HTTP on port
 * 80; DNS-01 needs a TXT record under the name and is the only way to get a wildcard certificate.
 */
public enum ChallengeType {
  /** A GET of {@code /.well-known/acme-challenge/TOKEN} answered with the key authorization. */
  HTTP_01("http-01"),
  /** A TXT record {@code _acme-challenge.NAME} holding the key authorization's digest. */
  DNS_01("dns-01");

  private final String acmeName;

  ChallengeType(String acmeName) {
    this.acmeName = acmeName;
  }

  /** The challenge's type as the ACME server names it ({@code http-01}, {@code dns-01}). */
  public String acmeName() {
    return acmeName;
  }
}
