package dev.meridian.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.acme.challenge.Http01Responder;
import dev.meridian.acme.challenge.Http01Tokens;
import dev.meridian.acme.pebble.Http01Server;
import dev.meridian.acme.pebble.PebbleServer;
import dev.meridian.acme.pebble.SwitchableHttp01;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Issues real certificates from Debian's pebble with HTTP-01 and DNS-01. */
class AcmeIssuerPebbleTest {

  private static final Http01Tokens tokens = new Http01Tokens();
  private static Http01Server http01;
  private static PebbleServer pebble;
  private static AcmeIssuer issuer;

  @BeforeAll
  static void startPebble() throws Exception {
    http01 = Http01Server.start(tokens);
    pebble = PebbleServer.start(http01.port(), Duration.ofDays(90));
    issuer = AcmeIssuer.create(AcmeIssuerConfig.of(pebble.directory(), EcKeys.generateP256())
        .withTrustedRoot(pebble.trustedRoot())
        .withContactEmail("ops@example.test")
        .withHttp01(tokens)
        .withDns01(pebble.dns01()));
  }

  @AfterAll
  static void stopPebble() {
    if (pebble != null) {
      pebble.close();
    }
    if (http01 != null) {
      http01.close();
    }
  }

  @Test
  void issuesForTwoHostnamesWithHttp01AndWithdrawsTheTokens() throws Exception {
    pebble.addARecord("www.http.example.test", "127.0.0.1");
    pebble.addARecord("api.http.example.test", "127.0.0.1");

    IssuedCertificate certificate = issuer.issue(CertificateRequest.of(ChallengeType.HTTP_01,
        "www.http.example.test", "API.http.example.test"));

    assertEquals(Set.of("www.http.example.test", "api.http.example.test"),
        subjectAlternativeNames(certificate.leaf()));
    assertEquals("EC", certificate.privateKey().getAlgorithm());
    assertTrue(keyMatchesLeaf(certificate), "the private key belongs to the leaf");
    verifyChain(certificate.chain());
    assertEquals(0, tokens.size(), "every HTTP-01 token is withdrawn");
  }

  @Test
  void issuesAWildcardAndItsBaseNameWithDns01AndWithdrawsTheRecords() throws Exception {
    IssuedCertificate certificate = issuer.issue(CertificateRequest.of(ChallengeType.DNS_01,
        "*.dns.example.test", "dns.example.test"));

    assertEquals(Set.of("*.dns.example.test", "dns.example.test"),
        subjectAlternativeNames(certificate.leaf()));
    verifyChain(certificate.chain());
    assertEquals(0, pebble.liveTxtRecords(), "every DNS-01 TXT record is withdrawn");
  }

  @Test
  void aPebbleGivenAnotherDnsServerValidatesDns01ThroughIt() throws Exception {
    try (PebbleServer second = PebbleServer.start(http01.port(), Duration.ofDays(1),
        pebble.dnsServer())) {
      AcmeIssuer viaFirstDns = AcmeIssuer.create(AcmeIssuerConfig.of(second.directory(),
              EcKeys.generateP256())
          .withTrustedRoot(second.trustedRoot())
          .withDns01(pebble.dns01()));

      IssuedCertificate certificate = viaFirstDns.issue(
          CertificateRequest.of(ChallengeType.DNS_01, "*.other-dns.example.test"));

      assertEquals(Set.of("*.other-dns.example.test"), subjectAlternativeNames(certificate.leaf()));
      assertThrows(IllegalStateException.class, second::dns01);
    }
  }

  @Test
  void aChallengeAnsweredWronglyFailsWithTheCasReasonAndIsWithdrawn() {
    pebble.addARecord("wrong.example.test", "127.0.0.1");
    AcmeIssuer lying = AcmeIssuer.create(AcmeIssuerConfig.of(pebble.directory(),
            EcKeys.generateP256())
        .withTrustedRoot(pebble.trustedRoot())
        .withHttp01(new SwitchableHttp01(tokens, true)));

    IssuanceException failure = assertThrows(IssuanceException.class,
        () -> lying.issue(CertificateRequest.of(ChallengeType.HTTP_01, "wrong.example.test")));

    assertTrue(failure.getMessage().contains("http-01 challenge for wrong.example.test is INVALID"),
        failure.getMessage());
    assertEquals(0, tokens.size());
  }

  @Test
  void aResponderThatThrowsFailsTheIssueAndIsStillAskedToWithdraw() {
    pebble.addARecord("throws.example.test", "127.0.0.1");
    var withdrawn = new ArrayList<String>();
    AcmeIssuer broken = AcmeIssuer.create(AcmeIssuerConfig.of(pebble.directory(),
            EcKeys.generateP256())
        .withTrustedRoot(pebble.trustedRoot())
        .withHttp01(new Http01Responder() {
          @Override
          public void publish(String token, String keyAuthorization) {
            throw new IllegalStateException("the PoPs are unreachable");
          }

          @Override
          public void withdraw(String token) {
            withdrawn.add(token);
          }
        }));

    IssuanceException failure = assertThrows(IssuanceException.class,
        () -> broken.issue(CertificateRequest.of(ChallengeType.HTTP_01, "throws.example.test")));

    assertTrue(failure.getMessage().contains(
        "publishing the http-01 response for throws.example.test failed"), failure.getMessage());
    assertTrue(failure.getMessage().contains("the PoPs are unreachable"), failure.getMessage());
    assertEquals(1, withdrawn.size());
  }

  @Test
  void aRequestForAChallengeWithoutResponderIsAClearError() {
    AcmeIssuer httpOnly = AcmeIssuer.create(AcmeIssuerConfig.of(pebble.directory(),
            EcKeys.generateP256())
        .withTrustedRoot(pebble.trustedRoot())
        .withHttp01(tokens));

    IllegalStateException failure = assertThrows(IllegalStateException.class,
        () -> httpOnly.issue(CertificateRequest.of(ChallengeType.DNS_01, "x.example.test")));
    assertTrue(failure.getMessage().contains("withDns01"), failure.getMessage());
  }

  @Test
  void aCaThatIsNotTrustedFailsTheIssueWithoutCrashing() {
    AcmeIssuer untrusting = AcmeIssuer.create(AcmeIssuerConfig.of(pebble.directory(),
            EcKeys.generateP256())
        .withHttp01(tokens));

    IssuanceException failure = assertThrows(IssuanceException.class,
        () -> untrusting.issue(CertificateRequest.of(ChallengeType.HTTP_01, "t.example.test")));
    assertTrue(failure.getMessage().contains(pebble.directory().toString()),
        failure.getMessage());
  }

  private static Set<String> subjectAlternativeNames(X509Certificate certificate)
      throws Exception {
    var names = new TreeSet<String>();
    for (List<?> name : certificate.getSubjectAlternativeNames()) {
      names.add((String) name.get(1));
    }
    return names;
  }

  /** The private key signs what the leaf's public key verifies: they are one pair. */
  private static boolean keyMatchesLeaf(IssuedCertificate certificate) throws Exception {
    byte[] data = "meridian".getBytes(StandardCharsets.US_ASCII);
    var signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(certificate.privateKey());
    signer.update(data);
    byte[] signature = signer.sign();
    var verifier = Signature.getInstance("SHA256withECDSA");
    verifier.initVerify(certificate.leaf().getPublicKey());
    verifier.update(data);
    return verifier.verify(signature);
  }

  /** Each certificate is signed by the next; the last by pebble's issuing root. */
  private static void verifyChain(List<X509Certificate> chain) throws Exception {
    for (int i = 0; i + 1 < chain.size(); i++) {
      chain.get(i).verify(chain.get(i + 1).getPublicKey());
    }
    chain.getLast().verify(pebble.issuingRoot().getPublicKey());
  }
}
