package dev.meridian.pop.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/** Hand-made TLS ClientHello records, for clients the JDK would refuse to be (TLS 1.1 only) and for cutting short. */
final class ClientHellos {

  private ClientHellos() {}

  /** A hello offering TLS 1.1 and nothing newer (no supported_versions extension), CBC suites only. */
  static byte[] tls11(String serverName) {
    return hello(0x0302, new int[] {0xC013, 0xC009, 0x002F}, serverName, false);
  }

  /** A TLS 1.2 hello with ECDHE-GCM suites, as an ordinary client sends. */
  static byte[] tls12(String serverName) {
    return hello(0x0303, new int[] {0xC02B, 0xC02F}, serverName, true);
  }

  private static byte[] hello(int version, int[] suites, String serverName, boolean signatureAlgorithms) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    u16(body, version);
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    body.writeBytes(random);
    body.write(0); // no session id
    u16(body, suites.length * 2);
    for (int suite : suites) {
      u16(body, suite);
    }
    body.write(1);
    body.write(0); // compression: null only
    ByteArrayOutputStream extensions = new ByteArrayOutputStream();
    byte[] name = serverName.getBytes(StandardCharsets.US_ASCII);
    ByteArrayOutputStream sni = new ByteArrayOutputStream();
    u16(sni, name.length + 3);
    sni.write(0); // host_name
    u16(sni, name.length);
    sni.writeBytes(name);
    extension(extensions, 0x0000, sni.toByteArray());
    extension(extensions, 0x000a, new byte[] {0, 2, 0, 0x17}); // supported groups: secp256r1
    extension(extensions, 0x000b, new byte[] {1, 0}); // EC point formats: uncompressed
    if (signatureAlgorithms) {
      extension(extensions, 0x000d, new byte[] {0, 4, 0x04, 0x03, 0x08, 0x04}); // ecdsa_secp256r1_sha256, rsa_pss_rsae_sha256
    }
    u16(body, extensions.size());
    body.writeBytes(extensions.toByteArray());

    ByteArrayOutputStream handshake = new ByteArrayOutputStream();
    handshake.write(1); // client_hello
    u24(handshake, body.size());
    handshake.writeBytes(body.toByteArray());

    ByteArrayOutputStream record = new ByteArrayOutputStream();
    record.write(22); // handshake
    u16(record, 0x0301);
    u16(record, handshake.size());
    record.writeBytes(handshake.toByteArray());
    return record.toByteArray();
  }

  private static void extension(ByteArrayOutputStream out, int type, byte[] data) {
    u16(out, type);
    u16(out, data.length);
    out.writeBytes(data);
  }

  private static void u16(ByteArrayOutputStream out, int value) {
    out.write(value >>> 8);
    out.write(value);
  }

  private static void u24(ByteArrayOutputStream out, int value) {
    out.write(value >>> 16);
    u16(out, value);
  }
}
