package dev.meridian.dns.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The server as real clients see it: ISC {@code dig} (Debian dnsutils) and Knot's {@code kdig}
 * (knot-dnsutils) against a running server. The tests fail, saying which package to install, when a
 * binary is missing.
 */
class DigTest {

  private static ServerFixture fixture;

  @BeforeAll
  static void start() throws IOException {
    fixture = new ServerFixture();
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  private static String run(String tool, String debianPackage, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(tool);
    command.add("@127.0.0.1");
    command.add("-p");
    command.add(Integer.toString(fixture.port()));
    command.addAll(Arrays.asList(args));
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      return fail(tool + " is not installed: apt-get install -y " + debianPackage + " (" + e.getMessage() + ")");
    }
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail(String.join(" ", command) + " did not finish");
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.exitValue(), String.join(" ", command) + "\n" + output);
    return output;
  }

  private static String dig(String... args) throws Exception {
    return run("dig", "dnsutils", args);
  }

  private static String kdig(String... args) throws Exception {
    return run("kdig", "knot-dnsutils", args);
  }

  private static List<String> shortAnswer(String output) {
    return output.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith(";")).sorted().toList();
  }

  @Test
  void digGetsEachRecordTypeOverUdpAndTcp() throws Exception {
    for (String transport : List.of("+notcp", "+tcp")) {
      assertEquals(List.of("192.0.2.1"), shortAnswer(dig(transport, "+short", "example.com", "A")));
      assertEquals(List.of("2001:db8::1"), shortAnswer(dig(transport, "+short", "example.com", "AAAA")));
      assertEquals(List.of("\"v=spf1 -all\""), shortAnswer(dig(transport, "+short", "example.com", "TXT")));
      assertEquals(List.of("0 issue \"letsencrypt.org\""), shortAnswer(dig(transport, "+short", "example.com", "CAA")));
      assertEquals(List.of("ns1.example.com.", "ns2.example.com."), shortAnswer(dig(transport, "+short", "example.com", "NS")));
      assertEquals(List.of("ns1.example.com. hostmaster.example.com. 2026112901 7200 3600 1209600 300"),
          shortAnswer(dig(transport, "+short", "example.com", "SOA")));
      assertEquals(List.of("192.0.2.10", "192.0.2.11", "host.example.com.", "web.example.com."),
          shortAnswer(dig(transport, "+short", "www.example.com", "A")));
      String full = dig(transport, "+norec", "host.example.com", "A");
      assertTrue(full.contains("status: NOERROR") && full.contains("flags: qr aa;"), full);
    }
  }

  @Test
  void digSeesNxdomainNodataReferralAndRefused() throws Exception {
    String nx = dig("+norec", "missing.example.com", "A");
    assertTrue(nx.contains("status: NXDOMAIN") && nx.contains("IN\tSOA\tns1.example.com."), nx);
    String nodata = dig("+norec", "host.example.com", "MX");
    assertTrue(nodata.contains("status: NOERROR") && nodata.contains("ANSWER: 0, AUTHORITY: 1"), nodata);
    String referral = dig("+norec", "www.sub.example.com", "A");
    assertTrue(referral.contains("flags: qr;") && referral.contains("ns1.sub.example.com.\t3600\tIN\tA\t192.0.2.200"), referral);
    String refused = dig("+norec", "example.org", "A");
    assertTrue(refused.contains("status: REFUSED"), refused);
  }

  @Test
  void clientSubnetSteersTwoSubnetsToTwoPops() throws Exception {
    String eu = dig("+subnet=198.51.100.0/24", "app.example.com", "A");
    assertTrue(eu.contains("CLIENT-SUBNET: 198.51.100.0/24/24"), eu);
    assertTrue(eu.contains("app.example.com.\t30\tIN\tA\t192.0.2.101"), eu);
    String us = dig("+subnet=203.0.113.0/24", "app.example.com", "A");
    assertTrue(us.contains("app.example.com.\t30\tIN\tA\t192.0.2.103"), us);
    assertEquals(List.of("192.0.2.103"), shortAnswer(kdig("+subnet=203.0.113.0/24", "+short", "app.example.com", "A")));
    assertEquals(List.of("2001:db8::101"), shortAnswer(dig("+subnet=198.51.100.0/24", "+short", "app.example.com", "AAAA")));
  }

  @Test
  void anUnhealthyPopLeavesTheAnswers() throws Exception {
    try {
      fixture.pops.markUnhealthy("fra");
      assertEquals(List.of("192.0.2.103"), shortAnswer(dig("+subnet=198.51.100.0/24", "+short", "app.example.com", "A")));
    } finally {
      fixture.pops.reportHealthy("fra");
    }
    assertEquals(List.of("192.0.2.101"), shortAnswer(dig("+subnet=198.51.100.0/24", "+short", "app.example.com", "A")));
  }

  @Test
  void truncationOverUdpThenTheWholeAnswerOverTcp() throws Exception {
    String truncated = dig("+noedns", "+ignore", "+norec", "big.example.com", "TXT");
    assertTrue(truncated.contains("flags: qr aa tc;") && truncated.contains("ANSWER: 0"), truncated);
    String retried = dig("+noedns", "big.example.com", "TXT");
    assertTrue(retried.contains("Truncated, retrying in TCP mode"), retried);
    assertTrue(retried.contains("ANSWER: 6"), retried);
    String kdigRetried = kdig("+noedns", "big.example.com", "TXT");
    assertTrue(kdigRetried.contains("ANSWER: 6") && kdigRetried.contains("TCP"), kdigRetried);
  }

  @Test
  void kdigGetsTheRecordTypesToo() throws Exception {
    assertEquals(List.of("0 issue \"letsencrypt.org\""), shortAnswer(kdig("+short", "example.com", "CAA")));
    assertEquals(List.of("192.0.2.99"), shortAnswer(kdig("+tcp", "+short", "x.y.wild.example.com", "A")));
    assertEquals(List.of("\"v=spf1 -all\""), shortAnswer(kdig("+tcp", "+short", "example.com", "TXT")));
  }
}
