package dev.meridian.acme;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SortedSet;

/**
 * A certificate as a TLS server needs it: the private key and the chain, leaf first, for the
 * hostnames of the request it was issued for.
 *
 * @param request     the hostnames and challenge type; renewal asks for the same again
 * @param privateKey  the certificate's own key (EC P-256), never the ACME account key
 * @param chain       the leaf, then the intermediates, as the ACME server sent them
 */
public record IssuedCertificate(
    CertificateRequest request, PrivateKey privateKey, List<X509Certificate> chain) {

  /** Copies the chain and rejects an empty one. */
  public IssuedCertificate {
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("a certificate chain needs at least the leaf certificate");
    }
    chain = List.copyOf(chain);
  }

  /** The hostnames the certificate is valid for (its request's). */
  public SortedSet<String> hostnames() {
    return request.hostnames();
  }

  /** The leaf certificate, the one whose key is {@link #privateKey()}. */
  public X509Certificate leaf() {
    return chain.getFirst();
  }

  /** When the leaf becomes valid. */
  public Instant notBefore() {
    return leaf().getNotBefore().toInstant();
  }

  /** When the leaf stops being valid. */
  public Instant notAfter() {
    return leaf().getNotAfter().toInstant();
  }

  /**
   * When renewal is due: two thirds into the leaf's lifetime, which leaves the last third (30 days
   * of a 90-day certificate) for retries with backoff while this certificate keeps serving.
   */
  public Instant renewalDue() {
    Duration lifetime = Duration.between(notBefore(), notAfter());
    return notBefore().plus(lifetime.multipliedBy(2).dividedBy(3));
  }
}
