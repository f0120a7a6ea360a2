package dev.meridian.dns.steer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CidrTableTest {

  private static final Location EU = new Location("eu", 50, 8);
  private static final Location US = new Location("us", 40, -74);
  private static final Location LAB = new Location("lab", 0, 0);

  private final CidrTable table = new CidrTable(List.of(
      CidrTable.Entry.parse("10.0.0.0/8", EU),
      CidrTable.Entry.parse("10.1.0.0/16", US),
      CidrTable.Entry.parse("10.1.2.3", LAB),
      CidrTable.Entry.parse("2001:db8::/32", EU),
      CidrTable.Entry.parse("2001:db8:1::/48", US)));

  @Test
  void longestPrefixWins() {
    assertEquals(new GeoLocator.Match(EU, 8), table.locate(PopDirectoryTest.address("10.200.0.1")));
    assertEquals(new GeoLocator.Match(US, 16), table.locate(PopDirectoryTest.address("10.1.9.9")));
    assertEquals(new GeoLocator.Match(LAB, 32), table.locate(PopDirectoryTest.address("10.1.2.3")));
    assertEquals(new GeoLocator.Match(US, 48), table.locate(PopDirectoryTest.address("2001:db8:1:ff::1")));
    assertEquals(new GeoLocator.Match(EU, 32), table.locate(PopDirectoryTest.address("2001:db8:2::1")));
    assertNull(table.locate(PopDirectoryTest.address("192.0.2.1")));
    assertNull(table.locate(PopDirectoryTest.address("2001:db9::1")));
  }

  @Test
  void readsACsvFileAndNamesTheBadLine(@TempDir Path dir) throws IOException {
    Path good = dir.resolve("geo.csv");
    Files.writeString(good, "# cidr,region,lat,lon\n\n198.51.100.0/24, eu-west, 51.5, -0.1\n203.0.113.0/24,ap,35.7,139.7 # Tokyo\n");
    CidrTable fromCsv = CidrTable.readCsv(good);
    assertEquals("eu-west", fromCsv.locate(PopDirectoryTest.address("198.51.100.9")).location().region());
    assertEquals(139.7, fromCsv.locate(PopDirectoryTest.address("203.0.113.1")).location().longitude());

    Path bad = dir.resolve("bad.csv");
    Files.writeString(bad, "198.51.100.0/24,eu,51.5,-0.1\n198.51.100.0/33,eu,51.5,-0.1\n");
    IOException e = assertThrows(IOException.class, () -> CidrTable.readCsv(bad));
    assertTrue(e.getMessage().contains("bad.csv:2"), e.getMessage());
    Files.writeString(bad, "example.com/24,eu,1,1\n");
    assertThrows(IOException.class, () -> CidrTable.readCsv(bad));
    Files.writeString(bad, "10.0.0.0/8,eu,1\n");
    assertTrue(assertThrows(IOException.class, () -> CidrTable.readCsv(bad)).getMessage().contains("4 fields"));
  }

  @Test
  void firstOfFallsThrough() {
    GeoLocator other = new CidrTable(List.of(CidrTable.Entry.parse("192.0.2.0/24", LAB)));
    GeoLocator both = GeoLocator.firstOf(table, other);
    assertEquals(EU, both.locate(PopDirectoryTest.address("10.9.9.9")).location());
    assertEquals(LAB, both.locate(PopDirectoryTest.address("192.0.2.1")).location());
  }
}
