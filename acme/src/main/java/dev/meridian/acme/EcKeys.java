package dev.meridian.acme;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;

/**
 * Key pairs for ACME: EC P-256 for both certificates and the account, because every CA accepts it
 * and its signatures keep TLS handshakes cheap. The JDK's own provider makes them.
 */
public final class EcKeys {

  private EcKeys() {}

  /** A new EC P-256 (secp256r1) key pair. */
  public static KeyPair generateP256() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK cannot make EC P-256 keys", e);
    }
  }
}
