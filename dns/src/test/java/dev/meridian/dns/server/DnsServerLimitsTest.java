package dev.meridian.dns.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.Socket;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

class DnsServerLimitsTest {

  @Test
  void tcpConnectionsPastTheLimitAreClosedAndTheSlotComesBack() throws IOException {
    DnsServer.Config config = DnsServer.Config.of("127.0.0.1", 0).withThreads(1).withMaxTcpConnections(2);
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    try (ServerFixture fixture = new ServerFixture(config, meters); DnsClient client = new DnsClient(fixture.port())) {
      byte[] query = DnsServerTest.query("example.com.", Type.A).toWire();
      try (Socket first = client.connect(); Socket second = client.connect()) {
        assertEquals(Rcode.NOERROR, new Message(DnsClient.tcpOn(first, query)).getRcode());
        assertEquals(Rcode.NOERROR, new Message(DnsClient.tcpOn(second, query)).getRcode());
        try (Socket third = client.connect()) {
          try {
            assertNull(DnsClient.tcpOn(third, query), "the third connection is closed unanswered");
          } catch (java.net.SocketException closed) {
            // Closed by the server before or while the query was written: a reset, or a broken pipe.
            assertTrue(closed.getMessage().contains("reset") || closed.getMessage().contains("Broken pipe"),
                closed.getMessage());
          }
        }
        assertEquals(Rcode.NOERROR, new Message(DnsClient.tcpOn(first, query)).getRcode(), "the others go on");
        assertEquals(1, meters.get("dns.tcp.connections.refused").counter().count());
      }
      // Both closed: their slots are free again (the server sees the close asynchronously, so retry).
      Message answered = null;
      for (int attempt = 0; attempt < 50 && answered == null; attempt++) {
        try (Socket again = client.connect()) {
          byte[] reply = DnsClient.tcpOn(again, query);
          answered = reply == null ? null : new Message(reply);
        } catch (java.net.SocketException reset) {
          Thread.onSpinWait();
        }
      }
      assertEquals(Rcode.NOERROR, answered.getRcode());
      assertEquals(Rcode.NOERROR, new Message(client.udp(query)).getRcode(), "UDP is not limited");
    }
  }

  @Test
  void badConfigurationIsRejectedNamingTheField() {
    IllegalArgumentException threads = assertThrows(IllegalArgumentException.class,
        () -> DnsServer.Config.of("127.0.0.1", 0).withThreads(0));
    assertTrue(threads.getMessage().contains("threads"), threads.getMessage());
    assertThrows(IllegalArgumentException.class, () -> DnsServer.Config.of("127.0.0.1", 70000));
    assertThrows(IllegalArgumentException.class, () -> DnsServer.Config.of("127.0.0.1", 0).withMaxTcpConnections(0));
  }

  @Test
  void aPortInUseIsReportedWithTheAddress() throws IOException {
    try (ServerFixture fixture = new ServerFixture()) {
      // Our own sockets use SO_REUSEPORT; a plain TCP listener on the port makes the bind fail.
      try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
        IOException e = assertThrows(IOException.class, () -> DnsServer.start(
            DnsServer.Config.of("127.0.0.1", taken.getLocalPort()).withThreads(1), fixture.authority,
            new dev.meridian.dns.steer.Steering(new dev.meridian.dns.steer.CidrTable(java.util.List.of()), fixture.pops)));
        assertTrue(e.getMessage().contains("127.0.0.1:" + taken.getLocalPort()), e.getMessage());
      }
    }
  }
}
