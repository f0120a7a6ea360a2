package dev.meridian.dns.server;

import dev.meridian.dns.Fixtures;
import dev.meridian.dns.steer.CidrTable;
import dev.meridian.dns.steer.Location;
import dev.meridian.dns.steer.Pop;
import dev.meridian.dns.steer.PopDirectory;
import dev.meridian.dns.steer.Steering;
import dev.meridian.dns.zone.Authority;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;

/**
 * A running server on a free port with the test zone, and steering: clients in 198.51.100.0/24 are
 * in Frankfurt, clients in 203.0.113.0/24 in New York; PoP {@code fra} (192.0.2.101, 2001:db8::101)
 * and {@code nyc} (192.0.2.103) stand there; {@code app.example.com.} is steered to one of them.
 */
final class ServerFixture implements AutoCloseable {

  static final Location FRANKFURT = new Location("eu-central", 50.11, 8.68);
  static final Location NEW_YORK = new Location("us-east", 40.71, -74.01);

  final Authority authority = new Authority();
  // Health reports stay fresh for the whole test run; staleness is PopDirectoryTest's business.
  final PopDirectory pops = new PopDirectory(java.time.Clock.systemUTC(), java.time.Duration.ofHours(1));
  final DnsServer server;

  ServerFixture() throws IOException {
    this(DnsServer.Config.of("127.0.0.1", 0).withThreads(2));
  }

  ServerFixture(DnsServer.Config config) throws IOException {
    this(config, new SimpleMeterRegistry());
  }

  ServerFixture(DnsServer.Config config, MeterRegistry meters) throws IOException {
    authority.putZone(Fixtures.exampleZone());
    authority.publishSteered(Fixtures.name("app.example.com."));
    pops.put(new Pop("fra", List.of(address("192.0.2.101"), address("2001:db8::101")), FRANKFURT));
    pops.put(new Pop("nyc", List.of(address("192.0.2.103")), NEW_YORK));
    pops.reportHealthy("fra");
    pops.reportHealthy("nyc");
    CidrTable table = new CidrTable(List.of(
        CidrTable.Entry.parse("198.51.100.0/24", FRANKFURT),
        CidrTable.Entry.parse("203.0.113.0/24", NEW_YORK)));
    server = DnsServer.start(config, authority, new Steering(table, pops, 1), meters);
  }

  int port() {
    return server.port();
  }

  static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
