package dev.meridian.dns;

import dev.meridian.dns.zone.Zone;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import org.xbill.DNS.Name;

/** The test zone {@code example.com.} (src/test/resources/dev/meridian/dns/example.zone). */
public final class Fixtures {

  private Fixtures() {}

  public static Zone exampleZone() {
    try (InputStream in = Objects.requireNonNull(Fixtures.class.getResourceAsStream("example.zone"))) {
      return Zone.parse(in, null, "example.zone");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Name name(String text) {
    return Name.fromConstantString(text);
  }
}
