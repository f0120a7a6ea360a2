package dev.meridian.acme.pebble;

import dev.meridian.acme.EcKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certificate authority made with Bouncy Castle: Debian's pebble ships no test
 * certificate for its own HTTPS, so the test makes a root and signs pebble's server certificate
 * (and certificates for store tests) with it.
 */
public final class TestCa {

  private static final AtomicLong SERIALS = new AtomicLong(System.nanoTime());

  private final KeyPair key = EcKeys.generateP256();
  private final X509Certificate root;

  /** A new root CA named {@code CN=commonName}, valid for a day either side of now. */
  public TestCa(String commonName) {
    X500Name name = new X500Name("CN=" + commonName);
    Instant now = Instant.now();
    root = sign(new JcaX509v3CertificateBuilder(name, serial(), Date.from(now.minusSeconds(86_400)),
        Date.from(now.plusSeconds(86_400)), name, key.getPublic()), true);
  }

  /** The root certificate, to trust. */
  public X509Certificate root() {
    return root;
  }

  /**
   * A leaf certificate for {@code dnsNames} (and {@code ipAddresses}) valid from {@code notBefore}
   * to {@code notAfter}, for {@code subjectKey}.
   */
  public X509Certificate issue(KeyPair subjectKey, Instant notBefore, Instant notAfter,
      List<String> dnsNames, List<String> ipAddresses) {
    var builder = new JcaX509v3CertificateBuilder(root, serial(), Date.from(notBefore),
        Date.from(notAfter), new X500Name("CN=" + dnsNames.getFirst()),
        subjectKey.getPublic());
    List<GeneralName> names = new ArrayList<>();
    dnsNames.forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
    ipAddresses.forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
    try {
      builder.addExtension(Extension.subjectAlternativeName, false,
          new GeneralNames(names.toArray(GeneralName[]::new)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sign(builder, false);
  }

  /** PEM of a certificate. */
  public static String pem(X509Certificate certificate) {
    try {
      return pem("CERTIFICATE", certificate.getEncoded());
    } catch (CertificateException e) {
      throw new IllegalStateException(e);
    }
  }

  /** PEM of a private key (PKCS#8). */
  public static String pem(PrivateKey key) {
    return pem("PRIVATE KEY", key.getEncoded());
  }

  private static String pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  private X509Certificate sign(X509v3CertificateBuilder builder, boolean ca) {
    try {
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(ca
          ? KeyUsage.keyCertSign | KeyUsage.cRLSign
          : KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
      var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate());
      return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    } catch (IOException | OperatorCreationException | CertificateException e) {
      throw new IllegalStateException("cannot sign a test certificate: " + e.getMessage(), e);
    }
  }

  private static BigInteger serial() {
    return BigInteger.valueOf(SERIALS.incrementAndGet());
  }
}
