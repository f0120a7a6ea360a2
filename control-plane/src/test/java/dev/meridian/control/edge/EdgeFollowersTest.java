package dev.meridian.control.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.bundles.manifest.Manifest;
import dev.meridian.bundles.manifest.Release;
import dev.meridian.dns.steer.Location;
import dev.meridian.dns.steer.PopDirectory;
import dev.meridian.dns.steer.PopReport;
import dev.meridian.dns.zone.Authority;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

/** The control plane's followers of deployments and PoP reports, on the real DNS authority and directory. */
class EdgeFollowersTest {

  private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

  @Test
  void aHostnameStaysInDnsWhileAnyDeploymentRoutesIt() throws Exception {
    Authority authority = new Authority();
    HostnamePublisher publisher = new HostnamePublisher(authority, "edge.test");
    publisher.onManifest(manifest("shop", "shop.example.test/*", "*.img.example.test/*"));
    publisher.onManifest(manifest("api", "shop.example.test/api/*"));
    assertTrue(authority.isSteered(Name.fromString("shop.example.test.")));
    assertTrue(authority.isSteered(Name.fromString("*.img.example.test.")));
    assertTrue(authority.isSteered(Name.fromString("shop.default.edge.test.")));

    publisher.onDelete("default/shop");
    assertTrue(authority.isSteered(Name.fromString("shop.example.test.")), "api still routes it");
    assertFalse(authority.isSteered(Name.fromString("*.img.example.test.")));
    assertFalse(authority.isSteered(Name.fromString("shop.default.edge.test.")));

    publisher.onManifest(manifest("api", "api.example.test/*"));
    assertFalse(authority.isSteered(Name.fromString("shop.example.test.")), "a route moved away");
    assertTrue(authority.isSteered(Name.fromString("api.example.test.")));
  }

  @Test
  void reportsMakePopsHealthyUnlessStaleOrMalformed() {
    PopDirectory directory = new PopDirectory(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(10));
    PopHealthListener listener = new PopHealthListener(directory, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(10));
    listener.onUpdate("fra", report("fra", NOW.minusSeconds(1), 100));
    listener.onUpdate("old", report("old", NOW.minusSeconds(60), 100));
    listener.onUpdate("liar", report("someone-else", NOW, 100));
    listener.onUpdate("junk", "{not json".getBytes(StandardCharsets.UTF_8));
    assertTrue(directory.isHealthy("fra"));
    assertFalse(directory.isHealthy("old"), "a replayed report of a dead PoP does not revive it");
    assertEquals(2, directory.statuses().size(), "the report under another PoP's key and the junk were skipped");

    listener.onUpdate("fra", report("fra", NOW, 0));
    assertEquals(0, directory.statuses().stream().filter(s -> s.pop().id().equals("fra")).findFirst().orElseThrow()
        .weight(), "weight 0 drains");
    listener.onDelete("fra");
    assertFalse(directory.isHealthy("fra"));
  }

  private static byte[] report(String id, Instant at, int weight) {
    return new PopReport(id, List.of("192.0.2.1"), new Location("eu", 50, 8), weight, at).toJson();
  }

  private static Manifest manifest(String worker, String... routes) {
    return new Manifest("default", worker, 1, List.of(routes), List.of(new Release("v1", "a".repeat(64), 100)),
        Map.of(), false);
  }
}
