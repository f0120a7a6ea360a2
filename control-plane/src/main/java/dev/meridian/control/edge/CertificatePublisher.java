package dev.meridian.control.edge;

import dev.meridian.acme.IssuedCertificate;
import dev.meridian.acme.store.CertificateCodec;
import dev.meridian.acme.store.CertificateListener;
import dev.meridian.bundles.feed.KeyedFeed;
import dev.meridian.bundles.secrets.Sealer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.SortedSet;

/**
 * Hands every certificate the store gets (issued or renewed) to the PoPs: sealed with the secrets key
 * (it holds the private key), on the certificates feed under its hostnames; a removed certificate is
 * deleted from the feed, and the PoPs stop serving it.
 */
public final class CertificatePublisher implements CertificateListener {

  private final KeyedFeed feed;
  private final Sealer sealer;

  public CertificatePublisher(KeyedFeed feed, Sealer sealer) {
    this.feed = feed;
    this.sealer = sealer;
  }

  /** The feed key of a certificate: its hostnames, sorted, comma-separated. */
  public static String key(SortedSet<String> hostnames) {
    return String.join(",", hostnames);
  }

  @Override
  public void certificateChanged(IssuedCertificate certificate) {
    String encoded = Base64.getEncoder().encodeToString(CertificateCodec.encode(certificate));
    feed.publish(key(certificate.hostnames()), sealer.seal(encoded).getBytes(StandardCharsets.US_ASCII));
  }

  @Override
  public void certificateRemoved(SortedSet<String> hostnames) {
    feed.delete(key(hostnames));
  }
}
