package dev.meridian.acme.store;

import dev.meridian.acme.IssuedCertificate;
import java.util.SortedSet;

/**
 * Told of every certificate the store holds: a PoP hot-loads it into its SNI map (the hostnames,
 * the private key and the chain are all in the {@link IssuedCertificate}).
 *
 * <p>Called on the thread that stored the certificate, one call at a time per store: keep it short
 * (swap a reference, hand off to another thread). An exception it throws is logged and does not
 * stop the store or the other listeners.
 */
@FunctionalInterface
public interface CertificateListener {

  /** {@code certificate} is new, or replaces the one stored for the same hostnames. */
  void certificateChanged(IssuedCertificate certificate);

  /**
   * The certificate for exactly {@code hostnames} was removed: stop serving it. Does nothing by
   * default, for listeners that only collect certificates.
   */
  default void certificateRemoved(SortedSet<String> hostnames) {}
}
