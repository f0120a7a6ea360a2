package dev.meridian.dns.steer;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * A location table keyed by CIDR, longest prefix first: {@code 10.1.0.0/16} wins over {@code
 * 10.0.0.0/8}. Built from configuration entries or from a CSV file whose lines are {@code
 * cidr,region,latitude,longitude} ({@code #} starts a comment). Immutable once built.
 *
 * <p>A lookup tries each prefix length present in the table, longest first, in one hash map per
 * length: at most 33 (IPv4) or 129 (IPv6) probes, usually a handful.
 */
public final class CidrTable implements GeoLocator {

  /** One row: a network and where it is. */
  public record Entry(InetAddress network, int prefixLength, Location location) {

    public Entry {
      int bits = network.getAddress().length * 8;
      if (prefixLength < 0 || prefixLength > bits) {
        throw new IllegalArgumentException("prefix length " + prefixLength + " is out of range for " + network);
      }
    }

    /** Parses {@code 192.0.2.0/24} or {@code 2001:db8::/32}; a bare address is a host route. */
    public static Entry parse(String cidr, Location location) {
      String text = cidr.strip();
      int slash = text.indexOf('/');
      String host = slash < 0 ? text : text.substring(0, slash);
      if (host.isEmpty() || !(host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || Character.isDigit(c)))) {
        throw new IllegalArgumentException("'" + cidr + "' is not a CIDR such as 192.0.2.0/24 or 2001:db8::/32");
      }
      try {
        InetAddress address = InetAddress.getByName(host); // a literal: no DNS lookup happens
        int bits = address.getAddress().length * 8;
        int prefix = slash < 0 ? bits : Integer.parseInt(text.substring(slash + 1));
        return new Entry(address, prefix, location);
      } catch (UnknownHostException | NumberFormatException e) {
        throw new IllegalArgumentException("'" + cidr + "' is not a CIDR such as 192.0.2.0/24 or 2001:db8::/32", e);
      }
    }
  }

  private record Key(long high, long low) {}

  private final Map<Integer, Map<Key, Location>> v4 = new HashMap<>();
  private final Map<Integer, Map<Key, Location>> v6 = new HashMap<>();
  private final int[] v4Lengths;
  private final int[] v6Lengths;

  public CidrTable(List<Entry> entries) {
    TreeSet<Integer> lengths4 = new TreeSet<>();
    TreeSet<Integer> lengths6 = new TreeSet<>();
    for (Entry entry : entries) {
      boolean four = entry.network() instanceof Inet4Address;
      (four ? lengths4 : lengths6).add(entry.prefixLength());
      (four ? v4 : v6).computeIfAbsent(entry.prefixLength(), k -> new HashMap<>())
          .put(key(entry.network().getAddress(), entry.prefixLength()), entry.location());
    }
    this.v4Lengths = lengths4.descendingSet().stream().mapToInt(Integer::intValue).toArray();
    this.v6Lengths = lengths6.descendingSet().stream().mapToInt(Integer::intValue).toArray();
  }

  /** Reads a {@code cidr,region,latitude,longitude} CSV file; errors name the line. */
  public static CidrTable readCsv(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    List<Entry> entries = new java.util.ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int hash = line.indexOf('#');
      String data = (hash < 0 ? line : line.substring(0, hash)).strip();
      if (data.isEmpty()) {
        continue;
      }
      String[] fields = data.split(",", -1);
      try {
        if (fields.length != 4) {
          throw new IllegalArgumentException("expected 4 fields cidr,region,latitude,longitude, found " + fields.length);
        }
        Location location = new Location(fields[1].strip(), Double.parseDouble(fields[2].strip()),
            Double.parseDouble(fields[3].strip()));
        entries.add(Entry.parse(fields[0], location));
      } catch (IllegalArgumentException e) {
        throw new IOException(file + ":" + (i + 1) + ": " + e.getMessage(), e);
      }
    }
    return new CidrTable(entries);
  }

  @Override
  public @Nullable Match locate(InetAddress address) {
    byte[] bytes = address.getAddress();
    boolean four = bytes.length == 4;
    for (int length : four ? v4Lengths : v6Lengths) {
      Location location = (four ? v4 : v6).get(length).get(key(bytes, length));
      if (location != null) {
        return new Match(location, length);
      }
    }
    return null;
  }

  private static Key key(byte[] address, int prefixLength) {
    long high = 0;
    long low = 0;
    for (int i = 0; i < address.length; i++) {
      int keep = Math.clamp(prefixLength - i * 8L, 0, 8);
      int b = address[i] & (0xff00 >> keep) & 0xff;
      if (address.length == 16 && i < 8) {
        high = (high << 8) | b;
      } else {
        low = (low << 8) | b;
      }
    }
    return new Key(high, low);
  }
}
