/**
 * Certificates over ACME (RFC 8555): {@link dev.meridian.acme.AcmeIssuer} (configured by {@link
 * dev.meridian.acme.AcmeIssuerConfig}) turns a {@link dev.meridian.acme.CertificateRequest}
 * (hostnames and a {@link dev.meridian.acme.ChallengeType}) into an {@link
 * dev.meridian.acme.IssuedCertificate}, or fails with an {@link
 * dev.meridian.acme.IssuanceException}. Challenges are answered through {@code challenge}, kept by
 * {@code store}, renewed by {@code renewal}. The module README gives the contract for the wiring.
 */
@NullMarked
package dev.meridian.acme;

import org.jspecify.annotations.NullMarked;
