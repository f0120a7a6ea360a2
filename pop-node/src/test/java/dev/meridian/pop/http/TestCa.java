package dev.meridian.pop.http;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.jspecify.annotations.Nullable;

/** A certificate authority made for one test: issues P-256 leaf certificates that clients trusting it accept. */
final class TestCa {

  /** A leaf certificate with its key and chain (leaf, then the CA). */
  record Issued(KeyPair keys, X509Certificate leaf, List<X509Certificate> chain) {}

  final KeyPair keys;
  final X509Certificate certificate;

  TestCa() throws Exception {
    this.keys = newKeys();
    X500Name name = new X500Name("CN=Meridian test CA " + System.nanoTime());
    this.certificate = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
        name, serial(), Date.from(Instant.now().minus(Duration.ofMinutes(5))),
        Date.from(Instant.now().plus(Duration.ofDays(2))), name, keys.getPublic())
        .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
        .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
  }

  /** A leaf for {@code names} (DNS names, or IPv4 addresses). */
  Issued issue(String... names) throws Exception {
    return issueWithOcsp(null, names);
  }

  /** A leaf for {@code names}; {@code ocspUrl}, when given, goes in its Authority Information Access. */
  Issued issueWithOcsp(@Nullable String ocspUrl, String... names) throws Exception {
    KeyPair leafKeys = newKeys();
    GeneralName[] alternatives = new GeneralName[names.length];
    for (int i = 0; i < names.length; i++) {
      boolean address = names[i].matches("[0-9.]+");
      alternatives[i] = new GeneralName(address ? GeneralName.iPAddress : GeneralName.dNSName, names[i]);
    }
    X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
        new X500Name(certificate.getSubjectX500Principal().getName()), serial(),
        Date.from(Instant.now().minus(Duration.ofMinutes(5))), Date.from(Instant.now().plus(Duration.ofDays(1))),
        new X500Name("CN=" + names[0]), leafKeys.getPublic())
        .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
        .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(alternatives));
    if (ocspUrl != null) {
      builder.addExtension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(
          new AccessDescription(AccessDescription.id_ad_ocsp, new GeneralName(GeneralName.uniformResourceIdentifier, ocspUrl))));
    }
    X509Certificate leaf = new JcaX509CertificateConverter().getCertificate(
        builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
    return new Issued(leafKeys, leaf, List.of(leaf, certificate));
  }

  /** Writes the CA certificate as PEM, for {@code curl --cacert}. */
  Path writePem(Path file) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(certificate);
    }
    return Files.writeString(file, out.toString());
  }

  /** A client context that trusts this CA only. */
  SSLContext clientContext() throws GeneralSecurityException, IOException {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    store.setCertificateEntry("ca", certificate);
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), new SecureRandom());
    return context;
  }

  private static KeyPair newKeys() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
    return generator.generateKeyPair();
  }

  private static BigInteger serial() {
    return new BigInteger(64, new SecureRandom());
  }
}
