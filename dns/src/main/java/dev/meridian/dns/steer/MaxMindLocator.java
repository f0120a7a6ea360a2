package dev.meridian.dns.steer;

import com.maxmind.db.Reader;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Locations from a MaxMind database ({@code GeoLite2-City.mmdb}, {@code GeoIP2-City.mmdb} or any
 * {@code .mmdb} whose records carry {@code location.latitude} and {@code location.longitude}). The
 * region is the continent code, then the country's ISO code, when the record has them.
 */
public final class MaxMindLocator implements GeoLocator, Closeable {

  private final Reader reader;

  private MaxMindLocator(Reader reader) {
    this.reader = reader;
  }

  /** Opens (memory-maps) the database. */
  public static MaxMindLocator open(Path database) throws IOException {
    try {
      return new MaxMindLocator(new Reader(database.toFile()));
    } catch (IOException e) {
      throw new IOException("GeoIP database " + database + " cannot be read as a MaxMind .mmdb file: "
          + e.getMessage(), e);
    }
  }

  @Override
  @SuppressWarnings("rawtypes")
  public @Nullable Match locate(InetAddress address) {
    try {
      var record = reader.getRecord(address, Map.class);
      Map data = record.getData();
      if (data == null || !(data.get("location") instanceof Map location)
          || !(location.get("latitude") instanceof Number lat) || !(location.get("longitude") instanceof Number lon)) {
        return null;
      }
      return new Match(new Location(region(data), lat.doubleValue(), lon.doubleValue()),
          record.getNetwork().getPrefixLength());
    } catch (IOException e) {
      throw new UncheckedIOException("GeoIP lookup of " + address.getHostAddress() + " failed", e);
    }
  }

  @SuppressWarnings("rawtypes")
  private static String region(Map data) {
    String continent = data.get("continent") instanceof Map c && c.get("code") instanceof String s ? s : "";
    String country = data.get("country") instanceof Map c && c.get("iso_code") instanceof String s ? s : "";
    return continent.isEmpty() || country.isEmpty() ? continent + country : continent + "-" + country;
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
