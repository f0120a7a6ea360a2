package dev.meridian.acme;

import dev.meridian.acme.challenge.Dns01Publisher;
import dev.meridian.acme.challenge.Http01Responder;
import java.net.URI;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The options of an {@link AcmeIssuer}. Start from {@link #of(URI, KeyPair)} and add what the
 * deployment has; every check happens here, with a message naming the field.
 *
 * @param directory          the ACME directory URL, e.g. Let's Encrypt's {@code
 *     https://acme-v02.api.letsencrypt.org/directory}; must be https
 * @param trustedRoot        the only root trusted for the CA's own HTTPS, for a private or test CA
 *     (Pebble); {@code null} trusts the JDK's default roots
 * @param accountKey         the ACME account's key pair: created once and kept (the certificate
 *     store does), because the account is identified by it
 * @param contactEmail       where the CA sends expiry warnings; {@code null} for none
 * @param http01             answers HTTP-01 challenges; {@code null} when no request uses them
 * @param dns01              publishes DNS-01 TXT records; {@code null} when no request uses them
 * @param challengeTimeout   how long one challenge may stay pending before the attempt fails;
 *     default {@link #DEFAULT_CHALLENGE_TIMEOUT}
 * @param orderTimeout       how long the CA may take to finalize and issue; default {@link
 *     #DEFAULT_ORDER_TIMEOUT}
 */
public record AcmeIssuerConfig(
    URI directory,
    @Nullable X509Certificate trustedRoot,
    KeyPair accountKey,
    @Nullable String contactEmail,
    @Nullable Http01Responder http01,
    @Nullable Dns01Publisher dns01,
    Duration challengeTimeout,
    Duration orderTimeout) {

  /** A CA validates within seconds; two minutes covers a slow one without hanging the renewals. */
  public static final Duration DEFAULT_CHALLENGE_TIMEOUT = Duration.ofMinutes(2);

  /** Finalization signs one certificate; a CA that takes longer is failing. */
  public static final Duration DEFAULT_ORDER_TIMEOUT = Duration.ofMinutes(2);

  /** Checks every field; the message names the one that is wrong. */
  public AcmeIssuerConfig {
    if (directory == null || !"https".equals(directory.getScheme()) || directory.getHost() == null) {
      throw new IllegalArgumentException("directory must be the CA's https:// directory URL, got "
          + directory);
    }
    if (accountKey == null) {
      throw new IllegalArgumentException(
          "accountKey is required: use CertificateStore.accountKeyPair(), which keeps it");
    }
    if (contactEmail != null && !contactEmail.matches("[^@\\s]+@[^@\\s]+")) {
      throw new IllegalArgumentException("contactEmail '" + contactEmail
          + "' is not an e-mail address (name@domain)");
    }
    requirePositive("challengeTimeout", challengeTimeout);
    requirePositive("orderTimeout", orderTimeout);
  }

  /** The CA at {@code directory}, the account of {@code accountKey}, default timeouts. */
  public static AcmeIssuerConfig of(URI directory, KeyPair accountKey) {
    return new AcmeIssuerConfig(directory, null, accountKey, null, null, null,
        DEFAULT_CHALLENGE_TIMEOUT, DEFAULT_ORDER_TIMEOUT);
  }

  /** Trusts only {@code root} for the CA's HTTPS (a private or test CA). */
  public AcmeIssuerConfig withTrustedRoot(X509Certificate root) {
    return new AcmeIssuerConfig(directory, root, accountKey, contactEmail, http01, dns01,
        challengeTimeout, orderTimeout);
  }

  /** Registers the account with this contact address. */
  public AcmeIssuerConfig withContactEmail(String email) {
    return new AcmeIssuerConfig(directory, trustedRoot, accountKey, email, http01, dns01,
        challengeTimeout, orderTimeout);
  }

  /** Answers HTTP-01 challenges through {@code responder}. */
  public AcmeIssuerConfig withHttp01(Http01Responder responder) {
    return new AcmeIssuerConfig(directory, trustedRoot, accountKey, contactEmail, responder, dns01,
        challengeTimeout, orderTimeout);
  }

  /** Answers DNS-01 challenges through {@code publisher}. */
  public AcmeIssuerConfig withDns01(Dns01Publisher publisher) {
    return new AcmeIssuerConfig(directory, trustedRoot, accountKey, contactEmail, http01, publisher,
        challengeTimeout, orderTimeout);
  }

  /** Sets both timeouts. */
  public AcmeIssuerConfig withTimeouts(Duration challenge, Duration order) {
    return new AcmeIssuerConfig(directory, trustedRoot, accountKey, contactEmail, http01, dns01,
        challenge, order);
  }

  private static void requirePositive(String field, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(field + " must be a positive duration, got " + value);
    }
  }
}
