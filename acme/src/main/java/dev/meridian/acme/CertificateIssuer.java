package dev.meridian.acme;

/**
 * Gets a new certificate for a request. {@link AcmeIssuer} is the implementation; the renewal
 * scheduler depends only on this, so it does not care which CA answers.
 */
@FunctionalInterface
public interface CertificateIssuer {

  /**
   * Issues a certificate for every hostname of {@code request}, with a new private key.
   *
   * @throws IssuanceException when the CA refused, a challenge failed or the CA was unreachable;
   *     the message says which hostname and why
   */
  IssuedCertificate issue(CertificateRequest request) throws IssuanceException;
}
