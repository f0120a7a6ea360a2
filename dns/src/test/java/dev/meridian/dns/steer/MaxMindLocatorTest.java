package dev.meridian.dns.steer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads a real {@code .mmdb} file, written here by {@link MmdbWriter} to the MaxMind DB format
 * specification (https://maxmind.github.io/MaxMind-DB/): one IPv4 network, 198.51.100.0/24, in
 * Frankfurt.
 */
class MaxMindLocatorTest {

  @Test
  void locatesAnAddressWithTheNetworksPrefix(@TempDir Path dir) throws IOException {
    Path database = dir.resolve("test.mmdb");
    Files.write(database, MmdbWriter.oneNetwork(new byte[] {(byte) 198, 51, 100}, 24, 50.11, 8.68, "EU", "DE"));
    try (MaxMindLocator locator = MaxMindLocator.open(database)) {
      GeoLocator.Match match = locator.locate(PopDirectoryTest.address("198.51.100.200"));
      assertEquals(new Location("EU-DE", 50.11, 8.68), match.location());
      assertEquals(24, match.prefixLength());
      assertNull(locator.locate(PopDirectoryTest.address("198.51.101.1")));
    }
  }

  @Test
  void aFileThatIsNoDatabaseIsRejectedSayingSo(@TempDir Path dir) throws IOException {
    Path bogus = dir.resolve("bogus.mmdb");
    Files.writeString(bogus, "not a database");
    IOException e = assertThrows(IOException.class, () -> MaxMindLocator.open(bogus));
    assertTrue(e.getMessage().contains("bogus.mmdb"), e.getMessage());
  }

  /** The smallest writer of the MaxMind DB format that makes a valid IPv4 City-like database. */
  static final class MmdbWriter {

    static byte[] oneNetwork(byte[] prefix, int prefixLength, double lat, double lon, String continent, String country)
        throws IOException {
      ByteArrayOutputStream data = new ByteArrayOutputStream();
      map(data, 3);
      string(data, "location");
      map(data, 2);
      string(data, "latitude");
      dbl(data, lat);
      string(data, "longitude");
      dbl(data, lon);
      string(data, "continent");
      map(data, 1);
      string(data, "code");
      string(data, continent);
      string(data, "country");
      map(data, 1);
      string(data, "iso_code");
      string(data, country);

      // One node per prefix bit: the on-path branch goes deeper (or to the data), the other is empty.
      int nodeCount = prefixLength;
      int dataRecord = nodeCount + 16; // data section offset 0
      ByteArrayOutputStream file = new ByteArrayOutputStream();
      for (int depth = 0; depth < prefixLength; depth++) {
        int bit = (prefix[depth / 8] >> (7 - depth % 8)) & 1;
        int onPath = depth + 1 < prefixLength ? depth + 1 : dataRecord;
        record24(file, bit == 0 ? onPath : nodeCount);
        record24(file, bit == 1 ? onPath : nodeCount);
      }
      file.write(new byte[16]);
      file.write(data.toByteArray());
      file.write(new byte[] {(byte) 0xAB, (byte) 0xCD, (byte) 0xEF});
      file.write("MaxMind.com".getBytes(StandardCharsets.US_ASCII));
      map(file, 9);
      string(file, "node_count");
      uint(file, 6, nodeCount, 4);
      string(file, "record_size");
      uint(file, 5, 24, 2);
      string(file, "ip_version");
      uint(file, 5, 4, 2);
      string(file, "database_type");
      string(file, "Meridian-Test-City");
      string(file, "languages");
      file.write(1); // array of 1 (extended type 11)
      file.write(4);
      string(file, "en");
      string(file, "binary_format_major_version");
      uint(file, 5, 2, 2);
      string(file, "binary_format_minor_version");
      uint(file, 5, 0, 0);
      string(file, "build_epoch");
      file.write(8); // uint64 (extended type 9), 8 bytes
      file.write(2);
      file.write(ByteBuffer.allocate(8).putLong(1_764_000_000L).array());
      string(file, "description");
      map(file, 1);
      string(file, "en");
      string(file, "test");
      return file.toByteArray();
    }

    private static void record24(ByteArrayOutputStream out, int value) {
      out.write(value >> 16);
      out.write(value >> 8);
      out.write(value);
    }

    private static void map(ByteArrayOutputStream out, int size) {
      out.write((7 << 5) | size);
    }

    private static void string(ByteArrayOutputStream out, String value) throws IOException {
      byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
      out.write((2 << 5) | bytes.length);
      out.write(bytes);
    }

    private static void dbl(ByteArrayOutputStream out, double value) throws IOException {
      out.write((3 << 5) | 8);
      out.write(ByteBuffer.allocate(8).putDouble(value).array());
    }

    private static void uint(ByteArrayOutputStream out, int type, long value, int size) {
      out.write((type << 5) | size);
      for (int i = size - 1; i >= 0; i--) {
        out.write((int) (value >> (8 * i)));
      }
    }
  }
}
