package dev.meridian.pop.server;

import dev.meridian.pop.http.TlsCertificates;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The development certificate {@code meridian dev} serves HTTPS and h2 with: a self-signed P-256
 * certificate for localhost, 127.0.0.1 and ::1, made on first start and kept in the given directory
 * ({@code ~/.meridian/dev-cert} by default) so that a client told to trust it once keeps trusting it.
 * Real hostnames get their certificates over ACME instead.
 */
public final class DevCertificate {

  public static final String CERT_FILE = "cert.pem";
  public static final String KEY_FILE = "key.pem";
  static final Duration VALIDITY = Duration.ofDays(365);

  private DevCertificate() {}

  /**
   * The PoP's certificates with the development certificate as the default (made first if the
   * directory has none): served for every name until real certificates are {@link TlsCertificates#put put}.
   */
  public static TlsCertificates certificates(Path directory) throws IOException, GeneralSecurityException {
    Path cert = directory.resolve(CERT_FILE);
    Path key = directory.resolve(KEY_FILE);
    if (!Files.isRegularFile(cert) || !Files.isRegularFile(key)) {
      create(directory);
    }
    return TlsCertificates.withDefault(readKey(key), readChain(cert));
  }

  private static PrivateKey readKey(Path file) throws IOException, GeneralSecurityException {
    try (PEMParser parser = new PEMParser(Files.newBufferedReader(file))) {
      Object object = parser.readObject();
      if (object instanceof PrivateKeyInfo info) {
        return new JcaPEMKeyConverter().getPrivateKey(info);
      }
      throw new GeneralSecurityException(file + " holds no PKCS#8 private key; delete the directory "
          + file.getParent() + " and a new development certificate is made");
    }
  }

  private static List<X509Certificate> readChain(Path file) throws IOException, GeneralSecurityException {
    try (InputStream in = Files.newInputStream(file)) {
      List<X509Certificate> chain = new ArrayList<>();
      for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        chain.add((X509Certificate) certificate);
      }
      return chain;
    }
  }

  static void create(Path directory) throws IOException, GeneralSecurityException {
    Files.createDirectories(directory);
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
    KeyPair pair = generator.generateKeyPair();
    X500Name subject = new X500Name("CN=localhost, O=Meridian development");
    Instant now = Instant.now();
    try {
      X509CertificateHolder holder = new JcaX509v3CertificateBuilder(
          subject, new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofMinutes(5))),
          Date.from(now.plus(VALIDITY)), subject, pair.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
              new GeneralName(GeneralName.dNSName, "localhost"),
              new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
              new GeneralName(GeneralName.iPAddress, "::1")}))
          .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
      X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(holder);
      Path key = directory.resolve(KEY_FILE);
      Files.writeString(key, pkcs8(pair.getPrivate().getEncoded()));
      try {
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system: the directory's own permissions protect the key
      }
      Files.writeString(directory.resolve(CERT_FILE), pem(certificate));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException("cannot sign the development certificate", e);
    }
  }

  /** PKCS#8, the one private key encoding every TLS provider of Netty reads. */
  private static String pkcs8(byte[] der) {
    return "-----BEGIN PRIVATE KEY-----\n"
        + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END PRIVATE KEY-----\n";
  }

  private static String pem(Object object) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    }
    return out.toString();
  }
}
