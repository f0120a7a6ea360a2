package dev.meridian.dns.steer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PopDirectoryTest {

  static final Location FRANKFURT = new Location("eu-central", 50.11, 8.68);
  static final Location LONDON = new Location("eu-west", 51.51, -0.13);
  static final Location NEW_YORK = new Location("us-east", 40.71, -74.01);
  static final Location TOKYO = new Location("ap-northeast", 35.68, 139.69);
  static final Location PARIS = new Location("eu-west", 48.86, 2.35);

  /** A clock the test moves by hand. */
  static final class ManualClock extends Clock {
    Instant now = Instant.parse("2026-11-29T12:00:00Z");

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  private final ManualClock clock = new ManualClock();
  private final PopDirectory pops = new PopDirectory(clock, Duration.ofSeconds(10));

  static Pop pop(String id, Location location, String... addresses) {
    return new Pop(id, java.util.Arrays.stream(addresses).map(PopDirectoryTest::address).toList(), location);
  }

  static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private List<String> ids(Location client, int count) {
    return pops.nearest(client, 4, count).stream().map(Pop::id).toList();
  }

  @BeforeEach
  void fourHealthyPops() {
    for (Pop pop : List.of(pop("fra", FRANKFURT, "192.0.2.1", "2001:db8::1"), pop("lon", LONDON, "192.0.2.2"),
        pop("nyc", NEW_YORK, "192.0.2.3", "2001:db8::3"), pop("tyo", TOKYO, "192.0.2.4"))) {
      pops.put(pop);
      pops.reportHealthy(pop.id());
    }
  }

  @Test
  void nearestFirstUpToTheCount() {
    assertEquals(List.of("fra", "lon"), ids(FRANKFURT, 2));
    assertEquals(List.of("lon", "fra"), ids(PARIS, 2), "Paris is nearer London (344 km) than Frankfurt (479 km)");
    assertEquals(List.of("nyc", "lon", "fra", "tyo"), ids(NEW_YORK, 10));
    assertEquals(List.of("tyo"), ids(TOKYO, 1));
  }

  @Test
  void onlyPopsWithAnAddressOfTheFamily() {
    assertEquals(List.of("nyc", "fra"), pops.nearest(NEW_YORK, 16, 5).stream().map(Pop::id).toList());
    assertEquals(List.of(address("2001:db8::3"), address("2001:db8::1")), pops.nearestAddresses(NEW_YORK, 16, 5));
  }

  @Test
  void tiesGoToTheHigherWeightThenTheSmallerId() {
    Location middle = new Location("mid", 0, 0);
    pops.put(pop("b-east", new Location("e", 0, 10), "192.0.2.10"));
    pops.put(pop("a-west", new Location("w", 0, -10), "192.0.2.11"));
    pops.put(pop("c-east", new Location("e", 0, 10), "192.0.2.12"));
    for (String id : List.of("b-east", "a-west", "c-east")) {
      pops.reportHealthy(id);
    }
    assertEquals(List.of("a-west", "b-east", "c-east"), ids(middle, 3));
    pops.setWeight("c-east", 101);
    assertEquals("c-east", ids(middle, 1).getFirst(), "101 makes c-east look a little nearer");
    pops.setWeight("c-east", 100);
    pops.setWeight("b-east", 100);
    assertEquals(List.of("a-west", "b-east", "c-east"), ids(middle, 3));
  }

  @Test
  void weightsBiasTheChoiceAndZeroDrains() {
    pops.setWeight("fra", 300);
    assertEquals(List.of("fra", "lon"), ids(PARIS, 2), "weight 300 makes Frankfurt look 3x nearer: 160 < 344 km");
    pops.setWeight("fra", 100);
    pops.setWeight("lon", 0);
    assertEquals(List.of("fra", "nyc"), ids(FRANKFURT, 2));
    assertFalse(ids(LONDON, 4).contains("lon"), "a drained PoP is never answered");
  }

  @Test
  void aPopThatStopsReportingDropsOutAfterStaleAfter() {
    clock.now = clock.now.plusSeconds(8);
    for (String id : List.of("lon", "nyc", "tyo")) {
      pops.reportHealthy(id);
    }
    assertEquals(List.of("fra", "lon"), ids(FRANKFURT, 2), "8 s is within 10 s");
    clock.now = clock.now.plusSeconds(3);
    assertFalse(pops.isHealthy("fra"));
    assertEquals(List.of("lon", "nyc"), ids(FRANKFURT, 2));
    pops.reportHealthy("fra");
    assertEquals(List.of("fra", "lon"), ids(FRANKFURT, 2), "back with its next report");
  }

  @Test
  void markUnhealthyTakesAPopOutAtOnce() {
    pops.markUnhealthy("fra");
    assertEquals(List.of("lon", "nyc"), ids(FRANKFURT, 2));
  }

  @Test
  void withNoHealthyPopTheNearestUndrainedAreAnsweredAnyway() {
    clock.now = clock.now.plusSeconds(60);
    pops.setWeight("fra", 0);
    assertEquals(List.of("lon", "nyc"), ids(FRANKFURT, 2), "fail open, but never to a drained PoP");
  }

  @Test
  void withEveryPopDrainedThereIsNothingToAnswer() {
    for (String id : List.of("fra", "lon", "nyc", "tyo")) {
      pops.setWeight(id, 0);
    }
    assertNull(pops.nearest(FRANKFURT, 4, 2));
    assertNull(new PopDirectory().nearest(FRANKFURT, 4, 2), "an empty directory too");
  }

  @Test
  void unknownClientLocationRanksByWeightThenId() {
    pops.setWeight("tyo", 200);
    assertEquals(List.of("tyo", "fra"), pops.nearest(null, 4, 2).stream().map(Pop::id).toList());
  }

  @Test
  void badInputIsRejectedWithTheReason() {
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> pops.reportHealthy("nope"));
    assertTrue(unknown.getMessage().contains("no PoP 'nope'"), unknown.getMessage());
    assertThrows(IllegalArgumentException.class, () -> pops.setWeight("fra", -1));
    assertThrows(IllegalArgumentException.class, () -> new Pop("x", List.of(), FRANKFURT));
    assertThrows(IllegalArgumentException.class, () -> new Location("bad", 91, 0));
  }

  @Test
  void putKeepsWeightAndHealth() {
    pops.setWeight("fra", 50);
    pops.put(pop("fra", FRANKFURT, "192.0.2.100"));
    PopDirectory.Status status = pops.statuses().stream().filter(s -> s.pop().id().equals("fra")).findFirst().orElseThrow();
    assertEquals(50, status.weight());
    assertTrue(pops.isHealthy("fra"));
    assertEquals(List.of(address("192.0.2.100")), pops.nearestAddresses(FRANKFURT, 4, 1));
    assertTrue(pops.remove("fra"));
    assertEquals(List.of("lon"), ids(FRANKFURT, 1));
  }
}
