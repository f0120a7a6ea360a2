package dev.meridian.cli;

import static dev.meridian.cli.DeployJourneyTest.assertSucceeded;
import static dev.meridian.cli.DeployJourneyTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.acme.pebble.PebbleServer;
import dev.meridian.acme.renewal.RenewalConfig;
import dev.meridian.control.edge.EdgeControl;
import dev.meridian.dns.steer.Location;
import dev.meridian.dns.steer.PopReport;
import dev.meridian.pop.http.Http3TestClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8 end to end on the all-in-one node, against real peers: Debian's pebble as the ACME CA
 * (resolving names through our DNS, validating HTTP-01 against our PoP and DNS-01 against our DNS),
 * {@code dig} asking our DNS, {@code curl} making TLS requests with SNI.
 */
class EdgeJourneyTest {

  private static final String DOMAIN = "meridian.test";

  @TempDir Path dir;
  private final List<AutoCloseable> running = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (int i = running.size() - 1; i >= 0; i--) {
      running.get(i).close();
    }
  }

  @Test
  void routedHostnamesAreAnsweredInDnsCertifiedOverAcmeAndServedBySni() throws Exception {
    int dnsPort = PopProcess.freePort();
    int httpPort = PopProcess.freePort();
    int tlsPort = PopProcess.freePort();
    PebbleServer pebble = PebbleServer.start(httpPort, Duration.ofDays(90), new InetSocketAddress("127.0.0.1", dnsPort));
    running.add(pebble);
    MetricsEndpoint metrics = MetricsEndpoint.start("127.0.0.1", 0);
    running.add(metrics);
    Path geo = Files.writeString(dir.resolve("geo.csv"), "10.1.0.0/16,eu-central,50.11,8.68\n10.2.0.0/16,us-east,40.71,-74.0\n");
    AllInOneNode node = AllInOneNode.start(AllInOneNode.Options.loopback(dir.resolve("data"))
        .withHttpPort(httpPort).withTls(tlsPort, true).withDns(dnsPort, DOMAIN).withGeo(geo)
        .withPop("127.0.0.1", new Location("eu-central", 50.11, 8.68))
        .withAcme(new EdgeControl.Acme(pebble.directory(), pebble.trustedRoot(), null, dir.resolve("certificates"),
            RenewalConfig.DEFAULTS)));
    running.add(node);
    Map<String, String> env = Map.of("MERIDIAN_API", node.api(), "MERIDIAN_TOKEN", node.adminToken());
    Path project = Files.createDirectories(dir.resolve("shop"));
    Files.writeString(project.resolve("meridian.toml"), """
        name = "shop"
        main = "index.js"
        routes = ["a.example.test/*", "b.example.test/*", "*.w.example.test/*"]
        """);
    Files.writeString(project.resolve("index.js"),
        "export default { fetch(request) { return new Response('hello from ' + new URL(request.url).hostname); } };\n");
    assertSucceeded(run(env, "deploy", project.toString()));

    // DNS: every routed hostname and the platform hostname answer with the PoP; other names are refused.
    awaitDig(dnsPort, "127.0.0.1", "a.example.test", "A");
    assertEquals("127.0.0.1", dig(dnsPort, "shop.default." + DOMAIN, "A"));
    assertEquals("127.0.0.1", dig(dnsPort, "anything.w.example.test", "A"));
    assertTrue(digFull(dnsPort, "example.org", "A").contains("status: REFUSED"));
    assertTrue(dig(dnsPort, DOMAIN, "SOA").startsWith("ns1." + DOMAIN + ". hostmaster." + DOMAIN + "."));

    // ACME: a certificate for each exact hostname over HTTP-01 and for the wildcard over DNS-01.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    Set<String> wanted = Set.of("a.example.test", "b.example.test", "*.w.example.test");
    while (!node.certificates().hostnames().containsAll(wanted) && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertTrue(node.certificates().hostnames().containsAll(wanted), "certificates: " + node.certificates().hostnames()
        + "\npebble log in " + pebble.logDirectory());

    // Operators see every certificate's expiry and alert state on the Prometheus endpoint.
    String scraped = exec(List.of("curl", "-s", "http://127.0.0.1:" + metrics.port() + "/metrics"));
    assertTrue(scraped.contains("meridian_acme_certificate_expiry") && scraped.contains("certificate=\"a.example.test\"")
        && scraped.contains("meridian_acme_certificate_alert"), scraped.lines().filter(l -> l.contains("acme")).toList()
        .toString());

    // TLS: curl verifies each name against pebble's root, so each answer proves SNI picked its certificate.
    Path root = dir.resolve("pebble-root.pem");
    Files.writeString(root, pem(pebble.issuingRoot().getEncoded()));
    for (String host : List.of("a.example.test", "b.example.test", "x.w.example.test")) {
      String answer = curl(host, tlsPort, root, "-s", "https://" + host + ":" + tlsPort + "/");
      assertEquals("hello from " + host, answer);
    }
    String headers = curl("a.example.test", tlsPort, root, "-sI", "https://a.example.test:" + tlsPort + "/");
    assertTrue(headers.toLowerCase().contains("alt-svc: h3=\":" + tlsPort + "\""), headers);
    // HTTP/3 on the TLS port's number, with the same certificate picked by SNI.
    try (Http3TestClient h3 = Http3TestClient.trustingAnything("b.example.test", tlsPort)) {
      Http3TestClient.Response answer = h3.request("GET", "/", new byte[0]);
      assertEquals(200, answer.status());
      assertEquals("hello from b.example.test", answer.body());
      assertTrue(h3.peerCertificate().getSubjectAlternativeNames().stream().anyMatch(san -> san.contains("b.example.test")),
          "the QUIC handshake served b.example.test's certificate");
    }
    // An unknown name gets the default certificate (which does not verify), and the PoP serves on.
    String unknown = curl("nobody.example.test", tlsPort, root, "-s", "-o", "/dev/null", "-w", "%{http_code}",
        "https://nobody.example.test:" + tlsPort + "/");
    assertEquals("000", unknown.strip());
    assertEquals("hello from a.example.test",
        curl("a.example.test", tlsPort, root, "-s", "https://a.example.test:" + tlsPort + "/"));

    // Steering: a second PoP in the US takes the US client subnet, and leaves when it stops reporting.
    node.feed("pops").publish("pop-us", new PopReport("pop-us", List.of("127.0.0.2"),
        new Location("us-east", 40.71, -74.0), 100, Instant.now()).toJson());
    awaitDig(dnsPort, "127.0.0.2", "a.example.test", "A", "+subnet=10.2.0.0/24");
    assertEquals("127.0.0.1", dig(dnsPort, "a.example.test", "A", "+subnet=10.1.0.0/24").lines().findFirst().orElse(""));
    awaitDig(dnsPort, "127.0.0.1", "a.example.test", "A", "+subnet=10.2.0.0/24"); // stale after 10 s
  }

  private static String pem(byte[] der) {
    return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(der) + "\n-----END CERTIFICATE-----\n";
  }

  /** curl with {@code host} resolved to the PoP and pebble's root as the only trusted one. */
  private static String curl(String host, int port, Path root, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("curl", "--max-time", "10", "--resolve", host + ":" + port + ":127.0.0.1",
        "--cacert", root.toString()));
    command.addAll(List.of(args));
    return exec(command);
  }

  private static String dig(int port, String name, String type, String... options) throws Exception {
    List<String> command = new ArrayList<>(List.of("dig", "@127.0.0.1", "-p", String.valueOf(port), name, type,
        "+short", "+time=2", "+tries=1"));
    command.addAll(List.of(options));
    return exec(command).strip();
  }

  private static String digFull(int port, String name, String type) throws Exception {
    return exec(List.of("dig", "@127.0.0.1", "-p", String.valueOf(port), name, type, "+time=2", "+tries=1"));
  }

  /** Asks until the first answer is {@code expected} (DNS follows feeds: a change takes a moment). */
  private static void awaitDig(int port, String expected, String name, String type, String... options) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    String last = "";
    while (System.nanoTime() < deadline) {
      last = dig(port, name, type, options).lines().findFirst().orElse("");
      if (last.equals(expected)) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("dig " + name + " " + type + " " + String.join(" ", options) + ": wanted " + expected
        + ", last answer '" + last + "'");
  }

  private static String exec(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor();
    return output;
  }
}
