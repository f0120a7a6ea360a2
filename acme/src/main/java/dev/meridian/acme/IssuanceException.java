package dev.meridian.acme;

/**
 * A certificate could not be issued: a challenge was invalid, the CA refused the order or could not
 * be reached. The message names the hostnames and the CA's reason; the renewal scheduler retries
 * with backoff, so one failure never loses the certificate that is serving.
 */
public final class IssuanceException extends Exception {

  /** A failure whose cause the message already explains. */
  public IssuanceException(String message) {
    super(message);
  }

  /** A failure caused by {@code cause} (network, protocol, I/O). */
  public IssuanceException(String message, Throwable cause) {
    super(message, cause);
  }
}
