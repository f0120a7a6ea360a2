package dev.meridian.dns.server;

import static dev.meridian.dns.server.DnsServerTest.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.util.Arrays;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The meters of a running server move as dnsjava queries over UDP and TCP are answered or dropped. */
class DnsServerMetricsTest {

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  private double responses(String transport, String rcode, String cache) {
    Counter counter = meters.find("dns.responses").tag("transport", transport).tag("rcode", rcode).tag("cache", cache)
        .counter();
    return counter == null ? 0 : counter.count();
  }

  private double counter(String name, String... tags) {
    Counter counter = meters.find(name).tags(tags).counter();
    return counter == null ? 0 : counter.count();
  }

  /** Counts move before the response is sent, but a dropped query has no response to wait for. */
  private static void await(double expected, DoubleSupplier count) {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (count.getAsDouble() != expected && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertEquals(expected, count.getAsDouble());
  }

  @Test
  void responsesAreCountedByTransportRcodeAndCache() throws IOException {
    try (ServerFixture fixture = new ServerFixture(DnsServer.Config.of("127.0.0.1", 0).withThreads(2), meters);
        DnsClient client = new DnsClient(fixture.port())) {
      assertEquals(0, meters.get("dns.cache.size").gauge().value());
      byte[] example = query("example.com.", Type.A).toWire();
      assertEquals(Rcode.NOERROR, new Message(client.udp(example)).getRcode());
      await(1, () -> responses("udp", "noerror", "miss"));
      assertEquals(Rcode.NOERROR, new Message(client.udp(example)).getRcode());
      await(1, () -> responses("udp", "noerror", "hit"));
      assertEquals(Rcode.NOERROR, new Message(client.tcp(example)).getRcode());
      await(1, () -> responses("tcp", "noerror", "hit"));
      assertEquals(1, meters.get("dns.cache.size").gauge().value());

      assertEquals(Rcode.NXDOMAIN, new Message(client.udp(query("missing.example.com.", Type.A).toWire())).getRcode());
      await(1, () -> responses("udp", "nxdomain", "miss"));
      assertEquals(Rcode.REFUSED, new Message(client.tcp(query("www.example.org.", Type.A).toWire())).getRcode());
      await(1, () -> responses("tcp", "refused", "miss"));
      byte[] cut = Arrays.copyOf(example, example.length - 3);
      assertEquals(Rcode.FORMERR, new Message(client.udp(cut)).getRcode());
      await(1, () -> responses("udp", "formerr", "miss"));
      Message v1 = query("example.com.", Type.A);
      v1.addRecord(new OPTRecord(1232, 0, 1, 0), Section.ADDITIONAL);
      assertEquals(Rcode.BADVERS, new Message(client.udp(v1.toWire())).getRcode());
      await(1, () -> responses("udp", "badvers", "miss"));
      Message edns = DnsServerTest.edns(query("example.com.", Type.A), 1232, 0);
      assertEquals(Rcode.NOERROR, new Message(client.udp(edns.toWire())).getRcode());
      await(2, () -> responses("udp", "noerror", "miss"));

      Message big = new Message(client.udp(query("big.example.com.", Type.TXT).toWire()));
      assertTrue(big.getHeader().getFlag(Flags.TC));
      await(1, () -> counter("dns.responses.truncated", "transport", "udp"));

      client.send(new byte[5]);
      await(1, () -> counter("dns.queries.dropped", "reason", "too_short"));
      byte[] response = example.clone();
      response[2] |= (byte) 0x80;
      client.send(response);
      await(1, () -> counter("dns.queries.dropped", "reason", "qr_set"));
      assertEquals(0, counter("dns.queries.dropped", "reason", "rate_limited"), "off by default");
      assertEquals(9, meters.get("dns.responses").counters().stream().mapToDouble(Counter::count).sum(),
          "nothing else was counted");
    }
    assertTrue(meters.getMeters().isEmpty(), "a closed server removes its meters");
  }
}
