package dev.meridian.dns.server;

import static dev.meridian.dns.server.DnsServerTest.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A burst of UDP queries from loopback (one network) to a server limited to 5 responses a second:
 * most get nothing, every second limited one an empty truncated answer, and TCP still answers.
 * Which networks and names share a bucket is {@link ResponseRateLimiterTest}'s business.
 */
class DnsServerRateLimitTest {

  private static final int BURST = 200;

  @Test
  void aBurstOverUdpIsMostlyDroppedSlippedAsTruncatedAndTcpStillAnswers() throws IOException {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    DnsServer.Config config = DnsServer.Config.of("127.0.0.1", 0).withThreads(2).withRateLimit(new RateLimit(5, 2));
    try (ServerFixture fixture = new ServerFixture(config, meters); DnsClient client = new DnsClient(fixture.port())) {
      byte[] query = query("example.com.", Type.A).toWire();
      for (int i = 0; i < BURST; i++) {
        client.send(query);
      }
      // Every query is counted before the limiter sees its response; then the ones to expect are known.
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (meters.find("dns.responses").counters().stream().mapToDouble(c -> c.count()).sum() < BURST
          && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      double dropped = meters.get("dns.queries.dropped").tag("reason", "rate_limited").counter().count();
      double slipped = meters.get("dns.responses.slipped").counter().count();
      int received = BURST - (int) dropped;
      int answered = 0;
      int truncated = 0;
      for (int i = 0; i < received; i++) {
        Message response = new Message(client.receive());
        assertEquals(Rcode.NOERROR, response.getRcode());
        if (response.getHeader().getFlag(Flags.TC)) {
          truncated++;
          assertTrue(response.getSection(Section.ANSWER).isEmpty());
          assertEquals("example.com.", response.getQuestion().getName().toString());
        } else {
          answered++;
        }
      }
      assertEquals(slipped, truncated);
      assertTrue(answered >= 5 && answered < BURST / 4, answered + " answered of " + BURST);
      int limited = BURST - answered;
      assertEquals(limited / 2, truncated, "every second limited response slips");
      assertEquals(limited - limited / 2, dropped);
      Message overTcp = new Message(client.tcp(query));
      assertEquals(Rcode.NOERROR, overTcp.getRcode());
      assertEquals(1, overTcp.getSection(Section.ANSWER).size(), "TCP is not limited");
    }
  }
}
