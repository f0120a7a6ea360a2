package dev.meridian.dns.zone;

import static dev.meridian.dns.Fixtures.name;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.dns.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.SOARecord;

class ZoneTest {

  private static final SOARecord SOA =
      new SOARecord(name("example.net."), DClass.IN, 60, name("ns.example.net."), name("h.example.net."), 1, 60, 60, 60, 60);

  private static Zone parse(String text) throws IOException {
    return Zone.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), null, "test.zone");
  }

  @Test
  void loadsAZoneFileWithItsOriginFromTheSoa(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("example.zone");
    Files.writeString(file, "example.net. 60 IN SOA ns.example.net. h.example.net. 1 60 60 60 60\n"
        + "www.example.net. 60 IN A 192.0.2.1\n");
    Zone zone = Zone.load(file);
    assertEquals(name("example.net."), zone.origin());
    assertEquals(2, zone.records().size());
    assertEquals(32, Fixtures.exampleZone().records().size());
  }

  @Test
  void aZoneFileWithoutSoaIsRejectedSayingSo() {
    IOException e = assertThrows(IOException.class, () -> parse("$ORIGIN example.net.\nwww 60 IN A 192.0.2.1\n"));
    assertTrue(e.getMessage().contains("no SOA"), e.getMessage());
  }

  @Test
  void aSyntaxErrorNamesTheFile() {
    IOException e = assertThrows(IOException.class, () -> parse("$ORIGIN example.net.\nwww 60 IN A not-an-address\n"));
    assertTrue(e.getMessage().startsWith("zone file test.zone"), e.getMessage());
  }

  @Test
  void recordsMustBeInsideTheZoneAndCnamesAlone() throws Exception {
    IllegalArgumentException outside = assertThrows(IllegalArgumentException.class, () -> Zone.of(name("example.net."),
        List.of(SOA, new ARecord(name("www.example.org."), DClass.IN, 60, InetAddress.getByName("192.0.2.1")))));
    assertTrue(outside.getMessage().contains("outside zone"), outside.getMessage());
    IllegalArgumentException cname = assertThrows(IllegalArgumentException.class, () -> Zone.of(name("example.net."),
        List.of(SOA, new CNAMERecord(name("www.example.net."), DClass.IN, 60, name("a.example.net.")),
            new ARecord(name("www.example.net."), DClass.IN, 60, InetAddress.getByName("192.0.2.1")))));
    assertTrue(cname.getMessage().contains("CNAME and other data"), cname.getMessage());
    IllegalArgumentException twoSoa = assertThrows(IllegalArgumentException.class,
        () -> Zone.of(name("example.net."), List.of(SOA, SOA.withName(name("example.net.")))));
    assertTrue(twoSoa.getMessage().contains("two SOA"), twoSoa.getMessage());
  }
}
