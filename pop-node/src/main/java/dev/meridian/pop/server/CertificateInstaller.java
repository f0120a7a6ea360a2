package dev.meridian.pop.server;

import dev.meridian.acme.IssuedCertificate;
import dev.meridian.acme.store.CertificateCodec;
import dev.meridian.bundles.feed.KeyedFeed;
import dev.meridian.bundles.secrets.Sealer;
import dev.meridian.pop.http.TlsCertificates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Certificates from the certificates feed into the PoP's SNI map, for new handshakes at once: each
 * value is a certificate sealed with the secrets key, under its hostnames joined by commas; a delete
 * stops serving those hostnames. A value that does not open or decode is logged and skipped, and the
 * certificate served before stays.
 */
public final class CertificateInstaller implements KeyedFeed.Listener {

  private static final Logger LOG = LoggerFactory.getLogger(CertificateInstaller.class);

  private final TlsCertificates certificates;
  private final Sealer sealer;

  public CertificateInstaller(TlsCertificates certificates, Sealer sealer) {
    this.certificates = certificates;
    this.sealer = sealer;
  }

  @Override
  public void onUpdate(String key, byte[] value) {
    IssuedCertificate certificate;
    try {
      byte[] encoded = Base64.getDecoder().decode(sealer.open(new String(value, StandardCharsets.US_ASCII)));
      certificate = CertificateCodec.decode(encoded);
    } catch (IOException | RuntimeException e) {
      LOG.warn("event=certificate_skipped hostnames={} error=\"{}\"", key, e.getMessage());
      return;
    }
    for (String hostname : certificate.hostnames()) {
      certificates.put(hostname, certificate.privateKey(), certificate.chain());
    }
    LOG.info("event=certificate_installed hostnames={} not_after={}", key, certificate.notAfter());
  }

  @Override
  public void onDelete(String key) {
    for (String hostname : key.split(",")) {
      certificates.remove(hostname);
    }
  }

  @Override
  public void onReplayed() {}
}
