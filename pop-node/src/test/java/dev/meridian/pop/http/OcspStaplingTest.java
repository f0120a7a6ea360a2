package dev.meridian.pop.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.meridian.pop.server.TestNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * OCSP stapling with the JDK provider: a certificate whose Authority Information Access names a
 * responder (a real one, over HTTP, run by this test with the test CA's key) is served with a stapled
 * "good" response; a certificate without one is served without, and both handshakes succeed.
 */
class OcspStaplingTest {

  static TestCa ca;
  static HttpServer responder;
  static final AtomicInteger queries = new AtomicInteger();
  static TestNode node;

  @BeforeAll
  static void start() throws Exception {
    ca = new TestCa();
    responder = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    responder.createContext("/", OcspStaplingTest::answer);
    responder.start();
    String url = "http://127.0.0.1:" + responder.getAddress().getPort() + "/ocsp";
    TestCa.Issued fallback = ca.issue("localhost");
    TestCa.Issued stapled = ca.issueWithOcsp(url, "stapled.test");
    TestCa.Issued plain = ca.issue("plain.test");
    TlsCertificates certificates = TlsCertificates.withDefault(fallback.keys().getPrivate(), fallback.chain());
    certificates.put("stapled.test", stapled.keys().getPrivate(), stapled.chain());
    certificates.put("plain.test", plain.keys().getPrivate(), plain.chain());
    node = TestNode.withTls(certificates, false);
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
    if (responder != null) {
      responder.stop(0);
    }
  }

  @Test
  void aCertificateWithAResponderIsServedWithAStapledGoodResponse() throws Exception {
    List<byte[]> responses = statusResponses("stapled.test");
    assertEquals(1, responses.size(), "one stapled response for the leaf");
    OCSPResp response = new OCSPResp(responses.get(0));
    assertEquals(OCSPResp.SUCCESSFUL, response.getStatus());
    BasicOCSPResp basic = (BasicOCSPResp) response.getResponseObject();
    assertNull(basic.getResponses()[0].getCertStatus(), "good (BouncyCastle's null)");
    int fetched = queries.get();
    assertTrue(fetched >= 1, "the PoP asked the responder");
    statusResponses("stapled.test");
    assertEquals(fetched, queries.get(), "the response is cached, not fetched per handshake");
  }

  @Test
  void aCertificateWithoutAResponderHandshakesWithNothingStapled() throws Exception {
    assertEquals(List.of(), statusResponses("plain.test"));
  }

  private static List<byte[]> statusResponses(String sni) throws Exception {
    try (SSLSocket socket = (SSLSocket) ca.clientContext().getSocketFactory()
        .createSocket("127.0.0.1", node.front.tlsPort())) {
      socket.setSoTimeout(30_000);
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setServerNames(List.of(new SNIHostName(sni)));
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      socket.setSSLParameters(parameters);
      socket.startHandshake();
      return ((ExtendedSSLSession) socket.getSession()).getStatusResponses();
    }
  }

  /** The responder: "good" for every certificate asked about, signed by the CA itself (RFC 6960 §4.2.2.2). */
  private static void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] request;
      if ("POST".equals(exchange.getRequestMethod())) {
        request = exchange.getRequestBody().readAllBytes();
      } else {
        String path = exchange.getRequestURI().getRawPath();
        request = Base64.getDecoder().decode(URLDecoder.decode(path.substring(path.lastIndexOf('/') + 1),
            StandardCharsets.US_ASCII));
      }
      queries.incrementAndGet();
      OCSPReq ocsp = new OCSPReq(request);
      BasicOCSPRespBuilder builder = new BasicOCSPRespBuilder(
          new RespID(new X500Name(ca.certificate.getSubjectX500Principal().getName())));
      Instant now = Instant.now();
      for (Req one : ocsp.getRequestList()) {
        builder.addResponse(one.getCertID(), CertificateStatus.GOOD, Date.from(now.minusSeconds(60)),
            Date.from(now.plus(Duration.ofHours(1))));
      }
      byte[] body = new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, builder.build(
          new JcaContentSignerBuilder("SHA256withECDSA").build(ca.keys.getPrivate()),
          new X509CertificateHolder[] {new X509CertificateHolder(ca.certificate.getEncoded())},
          Date.from(now))).getEncoded();
      exchange.getResponseHeaders().set("content-type", "application/ocsp-response");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
    } catch (Exception e) {
      exchange.sendResponseHeaders(500, -1);
    }
  }
}
