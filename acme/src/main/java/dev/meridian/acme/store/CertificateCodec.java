package dev.meridian.acme.store;

import dev.meridian.acme.CertificateRequest;
import dev.meridian.acme.ChallengeType;
import dev.meridian.acme.IssuedCertificate;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The plaintext inside a sealed file: a version byte, then length-prefixed fields (DER
 * certificates, PKCS#8 keys). Binary on purpose: nothing in it looks like PEM, and a reader checks
 * every count and length against limits before allocating. It is also the form a certificate travels
 * in to the PoPs (sealed by the sender: it holds the private key).
 */
public final class CertificateCodec {

  private static final int VERSION = 1;
  private static final int MAX_ITEMS = 1_000;
  private static final int MAX_BYTES = 1 << 20;

  private CertificateCodec() {}

  public static byte[] encode(IssuedCertificate certificate) {
    try {
      var bytes = new ByteArrayOutputStream();
      var out = new DataOutputStream(bytes);
      out.writeByte(VERSION);
      out.writeUTF(certificate.request().challenge().name());
      out.writeInt(certificate.hostnames().size());
      for (String hostname : certificate.hostnames()) {
        out.writeUTF(hostname);
      }
      writeBytes(out, certificate.privateKey().getAlgorithm().getBytes(UTF_8));
      writeBytes(out, certificate.privateKey().getEncoded());
      out.writeInt(certificate.chain().size());
      for (X509Certificate cert : certificate.chain()) {
        writeBytes(out, cert.getEncoded());
      }
      return bytes.toByteArray();
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot encode the certificate for "
          + certificate.request().name() + ": " + e.getMessage(), e);
    }
  }

  public static IssuedCertificate decode(byte[] plaintext) throws IOException {
    try {
      var in = new DataInputStream(new ByteArrayInputStream(plaintext));
      checkVersion(in);
      ChallengeType challenge = ChallengeType.valueOf(in.readUTF());
      int hostnameCount = count(in);
      var hostnames = new TreeSet<String>();
      for (int i = 0; i < hostnameCount; i++) {
        hostnames.add(in.readUTF());
      }
      String algorithm = new String(readBytes(in), UTF_8);
      PrivateKey key = KeyFactory.getInstance(algorithm)
          .generatePrivate(new PKCS8EncodedKeySpec(readBytes(in)));
      int chainLength = count(in);
      var factory = CertificateFactory.getInstance("X.509");
      List<X509Certificate> chain = new ArrayList<>();
      for (int i = 0; i < chainLength; i++) {
        chain.add((X509Certificate) factory.generateCertificate(
            new ByteArrayInputStream(readBytes(in))));
      }
      return new IssuedCertificate(new CertificateRequest(hostnames, challenge), key, chain);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IOException("stored certificate is malformed: " + e.getMessage(), e);
    }
  }

  static byte[] encode(KeyPair account) {
    try {
      var bytes = new ByteArrayOutputStream();
      var out = new DataOutputStream(bytes);
      out.writeByte(VERSION);
      writeBytes(out, account.getPrivate().getAlgorithm().getBytes(UTF_8));
      writeBytes(out, account.getPrivate().getEncoded());
      writeBytes(out, account.getPublic().getEncoded());
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode the account key: " + e.getMessage(), e);
    }
  }

  static KeyPair decodeKeyPair(byte[] plaintext) throws IOException {
    try {
      var in = new DataInputStream(new ByteArrayInputStream(plaintext));
      checkVersion(in);
      KeyFactory factory = KeyFactory.getInstance(
          new String(readBytes(in), UTF_8));
      PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(readBytes(in)));
      PublicKey publicKey = factory.generatePublic(new X509EncodedKeySpec(readBytes(in)));
      return new KeyPair(publicKey, privateKey);
    } catch (GeneralSecurityException e) {
      throw new IOException("stored account key is malformed: " + e.getMessage(), e);
    }
  }

  private static void checkVersion(DataInputStream in) throws IOException {
    int version = in.readUnsignedByte();
    if (version != VERSION) {
      throw new IOException("stored file has format version " + version + ", this build reads "
          + VERSION + ": run the Meridian version that wrote it, or re-issue");
    }
  }

  private static int count(DataInputStream in) throws IOException {
    int count = in.readInt();
    if (count < 0 || count > MAX_ITEMS) {
      throw new IOException("stored file is malformed: a count of " + count);
    }
    return count;
  }

  private static void writeBytes(DataOutputStream out, byte[] value) throws IOException {
    out.writeInt(value.length);
    out.write(value);
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > MAX_BYTES) {
      throw new IOException("stored file is malformed: a field of " + length + " bytes");
    }
    byte[] value = new byte[length];
    in.readFully(value);
    return value;
  }
}
