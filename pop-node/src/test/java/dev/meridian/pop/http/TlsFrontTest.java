package dev.meridian.pop.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.meridian.pop.server.TestNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS port and HTTP/3 with certificates by SNI: two names on one address (checked with the real
 * curl and with JDK clients), unknown and absent names, a certificate replaced while a connection is
 * open, clients and bytes the port must refuse, and HTTP/3 requests answered by a worker.
 */
class TlsFrontTest {

  @TempDir
  static Path dir;

  static TestCa ca;
  static TestCa.Issued alpha;
  static TestCa.Issued beta;
  static TestCa.Issued fallback;
  static TlsCertificates certificates;
  static TestNode node;

  @BeforeAll
  static void start() throws Exception {
    ca = new TestCa();
    alpha = ca.issue("alpha.test");
    beta = ca.issue("beta.test");
    fallback = ca.issue("localhost", "127.0.0.1");
    certificates = TlsCertificates.withDefault(fallback.keys().getPrivate(), fallback.chain());
    certificates.put("alpha.test", alpha.keys().getPrivate(), alpha.chain());
    certificates.put("beta.test", beta.keys().getPrivate(), beta.chain());
    node = TestNode.withTls(certificates, true);
    node.deploy("echo", """
        export default {
          async fetch(request) {
            const url = new URL(request.url);
            const body = await request.text();
            return new Response(url.protocol + " " + url.hostname + " " + request.method + " " + url.pathname
                + " " + body.length + (body ? " " + body.slice(0, 16) : ""));
          },
        };
        """);
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  private static int port() {
    return node.front.tlsPort();
  }

  @Test
  void twoHostnamesOnOneAddressEachGetTheirCertificateWithCurl() throws Exception {
    Path caFile = ca.writePem(dir.resolve("ca.pem"));
    for (String host : List.of("alpha.test", "beta.test")) {
      String out = curl("-sS", "--resolve", host + ":" + port() + ":127.0.0.1", "--cacert", caFile.toString(),
          "-w", "\n%{http_version}", "https://" + host + ":" + port() + "/echo/curl");
      assertEquals("https: " + host + " GET /echo/curl 0\n2", out, "curl verified " + host + "'s certificate over h2");
    }
    String post = curl("-sS", "--http1.1", "--resolve", "beta.test:" + port() + ":127.0.0.1", "--cacert",
        caFile.toString(), "--data-binary", "hello", "https://beta.test:" + port() + "/echo/post");
    assertEquals("https: beta.test POST /echo/post 5 hello", post);
  }

  @Test
  void jdkClientsSeeTheCertificateForTheNameTheyAsk() throws Exception {
    assertEquals(alpha.leaf(), served("alpha.test"));
    assertEquals(beta.leaf(), served("beta.test"));
    try (SSLSocket socket = connect("beta.test")) {
      assertEquals("https: beta.test GET /echo/jdk 0", get(socket, "beta.test", "/echo/jdk"));
    }
  }

  @Test
  void anUnknownNameOrNoNameGetsTheDefaultCertificate() throws Exception {
    assertEquals(fallback.leaf(), served("nobody.test"));
    assertEquals(fallback.leaf(), served(null));
    assertEquals(alpha.leaf(), served("alpha.test"), "and the port goes on serving");
  }

  @Test
  void aReplacedCertificateServesTheNextHandshakeAndOpenConnectionsCarryOn() throws Exception {
    TestCa.Issued before = ca.issue("gamma.test");
    certificates.put("gamma.test", before.keys().getPrivate(), before.chain());
    try (SSLSocket open = connect(trustAll(), "gamma.test", false)) {
      assertEquals("https: gamma.test GET /echo/1 0", get(open, "gamma.test", "/echo/1"));
      assertEquals(before.leaf(), open.getSession().getPeerCertificates()[0]);
      TestCa.Issued after = ca.issue("gamma.test");
      certificates.put("gamma.test", after.keys().getPrivate(), after.chain());
      assertEquals(after.leaf(), served("gamma.test"), "a new handshake gets the new certificate");
      assertEquals("https: gamma.test GET /echo/2 0", get(open, "gamma.test", "/echo/2"), "the open connection goes on");
      certificates.remove("gamma.test");
      assertEquals(fallback.leaf(), served("gamma.test"));
    }
  }

  @Test
  void aSessionResumesWithItsTicketForTheSameNameOnly() throws Exception {
    Path session = dir.resolve("alpha.session");
    assertTrue(sClient("alpha.test", "-sess_out", session.toString()).contains("New, TLSv1.3"));
    assertTrue(sClient("alpha.test", "-sess_in", session.toString()).contains("Reused, TLSv1.3"), "resumed");
    String other = sClient("beta.test", "-sess_in", session.toString());
    assertTrue(other.contains("New, TLSv1.3") && other.contains("CN = beta.test"),
        "a ticket for alpha.test does not resume on beta.test: " + other);
  }

  @Test
  void aClientThatOnlySpeaksTls11IsRefusedWithAProtocolVersionAlert() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(ClientHellos.tls11("alpha.test"));
      byte[] reply = socket.getInputStream().readAllBytes();
      assertTrue(reply.length >= 7, "an alert record, got " + reply.length + " bytes");
      assertEquals(21, reply[0], "content type: alert");
      assertEquals(2, reply[5], "level: fatal");
      assertEquals(70, reply[6], "description: protocol_version");
    }
    assertEquals(alpha.leaf(), served("alpha.test"));
  }

  @Test
  void garbageAndATruncatedHelloCloseTheConnectionAndTheServerGoesOn() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: alpha.test\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      assertClosed(socket);
    }
    byte[] random = new byte[4096];
    new SecureRandom().nextBytes(random);
    random[0] = 22; // looks like a handshake record, then nonsense
    try (Socket socket = new Socket("127.0.0.1", port())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(random);
      assertClosed(socket);
    }
    byte[] hello = ClientHellos.tls12("alpha.test");
    try (Socket socket = new Socket("127.0.0.1", port())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(hello, 0, hello.length / 2);
      socket.shutdownOutput();
      assertClosed(socket);
    }
    assertEquals(alpha.leaf(), served("alpha.test"));
    try (SSLSocket socket = connect("alpha.test")) {
      assertEquals("https: alpha.test GET /echo/after 0", get(socket, "alpha.test", "/echo/after"));
    }
  }

  @Test
  void aCertificateWithoutAnOcspResponderHandshakesWithStaplingOn() throws Exception {
    assertEquals("true", System.getProperty(TlsCertificates.STAPLING_PROPERTY), "stapling is on for the JDK provider");
    try (SSLSocket socket = connect("alpha.test")) {
      assertEquals("https: alpha.test GET /echo/ocsp 0", get(socket, "alpha.test", "/echo/ocsp"));
      assertEquals(List.of(), ((javax.net.ssl.ExtendedSSLSession) socket.getSession()).getStatusResponses(),
          "nothing to staple without a responder");
    }
  }

  @Test
  void responsesOverTlsAdvertiseHttp3() throws Exception {
    assertEquals(port(), node.front.http3Port(), "HTTP/3 on the TLS port's number");
    String expected = "h3=\":" + node.front.http3Port() + "\"; ma=86400";
    for (HttpClient.Version version : List.of(HttpClient.Version.HTTP_2, HttpClient.Version.HTTP_1_1)) {
      HttpResponse<String> response = HttpClient.newBuilder().version(version).sslContext(ca.clientContext()).build().send(
          HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port() + "/echo/alt")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(version, response.version());
      assertEquals(expected, response.headers().firstValue("alt-svc").orElse(null), version.toString());
    }
    assertTrue(node.get("/echo/plain").headers().firstValue("alt-svc").isEmpty(), "not over cleartext");
  }

  @Test
  void http3GetAndPostAreAnsweredByTheWorkerWithTheCertificateForTheName() throws Exception {
    try (Http3TestClient client = new Http3TestClient("beta.test", node.front.http3Port(), ca.certificate)) {
      assertEquals(beta.leaf(), client.peerCertificate());
      Http3TestClient.Response get = client.request("GET", "/echo/h3", new byte[0]);
      assertEquals(200, get.status());
      assertEquals("https: beta.test GET /echo/h3 0", get.body());
      byte[] upload = new byte[300 * 1024];
      java.util.Arrays.fill(upload, (byte) 'x');
      Http3TestClient.Response post = client.request("POST", "/echo/upload", upload);
      assertEquals("https: beta.test POST /echo/upload " + upload.length + " xxxxxxxxxxxxxxxx", post.body());
      assertEquals(404, client.request("GET", "/nothing/here", new byte[0]).status(), "a second stream");
    }
    try (Http3TestClient client = new Http3TestClient("alpha.test", node.front.http3Port(), ca.certificate)) {
      assertEquals(alpha.leaf(), client.peerCertificate());
      TestCa.Issued renewed = ca.issue("alpha.test");
      certificates.put("alpha.test", renewed.keys().getPrivate(), renewed.chain());
      assertEquals("https: alpha.test GET /echo/still 0", client.request("GET", "/echo/still", new byte[0]).body());
      try (Http3TestClient next = new Http3TestClient("alpha.test", node.front.http3Port(), ca.certificate)) {
        assertEquals(renewed.leaf(), next.peerCertificate(), "the next QUIC handshake sees the new certificate");
      }
    } finally {
      certificates.put("alpha.test", alpha.keys().getPrivate(), alpha.chain());
    }
  }

  @Test
  void http3GivesAnUnknownNameTheDefaultCertificate() throws Exception {
    try (Http3TestClient client = Http3TestClient.trustingAnything("nobody.test", node.front.http3Port())) {
      assertEquals(fallback.leaf(), client.peerCertificate());
      assertEquals(200, client.request("GET", "/echo/unknown", new byte[0]).status());
    }
  }

  // ---- helpers ------------------------------------------------------------------------------

  /** The leaf certificate the TLS port presents to a client naming {@code sni} (null: no name). */
  private static X509Certificate served(@Nullable String sni) throws Exception {
    // A fresh client each time: the JDK's client would resume the last session with this address.
    try (SSLSocket socket = connect(trustAll(), sni, false)) {
      return (X509Certificate) socket.getSession().getPeerCertificates()[0];
    }
  }

  /** A TLS connection naming {@code sni}, verified against the test CA (the name must match too). */
  private static SSLSocket connect(String sni) throws Exception {
    return connect(ca.clientContext(), sni, true);
  }

  private static SSLSocket connect(SSLContext context, @Nullable String sni, boolean verifyName) throws IOException {
    SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port());
    socket.setSoTimeout(30_000);
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setServerNames(sni == null ? List.of() : List.of(new SNIHostName(sni)));
    parameters.setApplicationProtocols(new String[] {"http/1.1"});
    if (verifyName) {
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
    }
    socket.setSSLParameters(parameters);
    socket.startHandshake();
    return socket;
  }

  /** One HTTP/1.1 request on an open connection, kept alive; returns the body. */
  private static String get(SSLSocket socket, String host, String path) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        fail("the connection closed in the response head: " + head);
      }
      head.write(b);
    }
    String headers = head.toString(StandardCharsets.US_ASCII);
    assertTrue(headers.startsWith("HTTP/1.1 200"), headers);
    int length = Integer.parseInt(headers.replaceAll("(?is).*\r\ncontent-length: *(\\d+).*", "$1"));
    return new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }

  private static void assertClosed(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    try {
      while (in.read() >= 0) {
        // an alert may come first; then the end of the stream
      }
    } catch (SocketTimeoutException e) {
      fail("the server kept the connection open");
    } catch (IOException e) {
      // reset by the server: closed too
    }
  }

  /** A client that accepts any certificate: for looking at which one is served. */
  static SSLContext trustAll() throws Exception {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {new X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    }}, new SecureRandom());
    return context;
  }

  private static String curl(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("curl"));
    command.addAll(List.of(args));
    return run(command, "curl", null);
  }

  /** {@code openssl s_client} naming {@code sni}, one request read to its end (which brings the ticket). */
  private static String sClient(String sni, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("openssl", "s_client", "-connect",
        "127.0.0.1:" + port(), "-servername", sni, "-ign_eof"));
    command.addAll(List.of(args));
    return run(command, "openssl", "GET /echo/s HTTP/1.1\r\nHost: " + sni + "\r\nConnection: close\r\n\r\n");
  }

  private static String run(List<String> command, String debianPackage, @Nullable String input) throws Exception {
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new AssertionError("this test needs the " + command.get(0) + " binary (Debian package " + debianPackage
          + "): " + e.getMessage(), e);
    }
    try (OutputStream in = process.getOutputStream()) {
      if (input != null) {
        in.write(input.getBytes(StandardCharsets.US_ASCII));
      }
    }
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(30, TimeUnit.SECONDS), command.get(0) + " finished");
    assertEquals(0, process.exitValue(), String.join(" ", command) + " failed: " + out);
    return out;
  }
}
