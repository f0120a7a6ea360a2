package dev.meridian.dns.zone;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * One zone, immutable: its origin, its SOA, and the records of every owner name. A change (a
 * steered hostname, an ACME TXT record) makes a new {@code Zone} through {@link #with}, so a query
 * always sees one consistent version without locks.
 *
 * <p>Besides the owners it keeps the set of names that exist (owners and the empty non-terminals
 * between them and the apex): that set tells NODATA from NXDOMAIN and finds the closest encloser for
 * wildcards (RFC 4592 §3.3.1).
 */
public final class Zone {

  private final Name origin;
  private final SOARecord soa;
  private final Map<Name, Node> nodes;
  private final Set<Name> existing;
  private final boolean hasDelegations;

  private Zone(Name origin, SOARecord soa, Map<Name, Node> nodes) {
    this.origin = origin;
    this.soa = soa;
    this.nodes = nodes;
    Set<Name> names = new HashSet<>();
    boolean cuts = false;
    for (Map.Entry<Name, Node> entry : nodes.entrySet()) {
      Name name = entry.getKey();
      for (int strip = 0; strip <= name.labels() - origin.labels(); strip++) {
        if (!names.add(strip == 0 ? name : new Name(name, strip))) {
          break;
        }
      }
      cuts |= !name.equals(origin) && entry.getValue().get(Type.NS) != null;
    }
    this.existing = names;
    this.hasDelegations = cuts;
  }

  /**
   * A zone from its records. Exactly one SOA, at the origin; every record at or below the origin and
   * of class IN; a CNAME alone at its name (RFC 1034 §3.6.2).
   *
   * @throws IllegalArgumentException naming the record that breaks a rule
   */
  public static Zone of(Name origin, List<? extends Record> records) {
    if (!origin.isAbsolute()) {
      throw new IllegalArgumentException("zone origin '" + origin + "' must be absolute (end with a dot)");
    }
    SOARecord soa = null;
    Map<Name, Map<Integer, RRset>> sets = new LinkedHashMap<>();
    for (Record record : records) {
      if (!record.getName().subdomain(origin)) {
        throw new IllegalArgumentException("record '" + record + "' is outside zone " + origin);
      }
      if (record.getDClass() != DClass.IN) {
        throw new IllegalArgumentException("record '" + record + "' is not of class IN");
      }
      if (record instanceof SOARecord s) {
        if (!s.getName().equals(origin)) {
          throw new IllegalArgumentException("SOA '" + s + "' must be at the zone origin " + origin);
        }
        if (soa != null) {
          throw new IllegalArgumentException("zone " + origin + " has two SOA records");
        }
        soa = s;
      }
      sets.computeIfAbsent(record.getName(), n -> new HashMap<>())
          .computeIfAbsent(record.getType(), t -> new RRset())
          .addRR(record);
    }
    if (soa == null) {
      throw new IllegalArgumentException("zone " + origin + " has no SOA record at its origin");
    }
    Map<Name, Node> nodes = new HashMap<>();
    for (Map.Entry<Name, Map<Integer, RRset>> entry : sets.entrySet()) {
      Node node = new Node(Map.copyOf(entry.getValue()), false);
      node.checkCname(entry.getKey());
      nodes.put(entry.getKey(), node);
    }
    return new Zone(origin, soa, nodes);
  }

  /** Parses an RFC 1035 master file; {@code origin} is the default {@code $ORIGIN}. */
  public static Zone load(Path file, Name origin) throws IOException {
    try (InputStream in = open(file)) {
      return parse(in, origin, file.toString());
    }
  }

  /**
   * Parses an RFC 1035 master file whose origin is the owner of its SOA record (the file sets it with
   * {@code $ORIGIN}, or names the SOA owner in full).
   */
  public static Zone load(Path file) throws IOException {
    try (InputStream in = open(file)) {
      return parse(in, null, file.toString());
    }
  }

  private static InputStream open(Path file) throws IOException {
    try {
      return Files.newInputStream(file);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new IOException("zone file " + file + " does not exist", e);
    }
  }

  /** Parses a master file from a stream; {@code origin} may be null when the file sets it. */
  public static Zone parse(InputStream in, @Nullable Name origin, String source) throws IOException {
    List<Record> records = new ArrayList<>();
    Name soaOwner = null;
    try (Master master = origin == null ? new Master(in) : new Master(in, origin)) {
      Record record;
      while ((record = master.nextRecord()) != null) {
        if (record instanceof SOARecord) {
          soaOwner = record.getName();
        }
        records.add(record);
      }
    } catch (IOException | RuntimeException e) {
      throw new IOException("zone file " + source + ": " + e.getMessage(), e);
    }
    Name zoneOrigin = origin != null ? origin : soaOwner;
    if (zoneOrigin == null) {
      throw new IOException("zone file " + source + " has no SOA record; add one at the zone origin");
    }
    try {
      return of(zoneOrigin, records);
    } catch (IllegalArgumentException e) {
      throw new IOException("zone file " + source + ": " + e.getMessage(), e);
    }
  }

  public Name origin() {
    return origin;
  }

  public SOARecord soa() {
    return soa;
  }

  /** All records of the zone, for tests and for dumping it. */
  public List<Record> records() {
    List<Record> all = new ArrayList<>();
    for (Node node : nodes.values()) {
      for (RRset set : node.rrsets().values()) {
        all.addAll(set.rrs(false));
      }
    }
    return all;
  }

  @Nullable Node node(Name name) {
    return nodes.get(name);
  }

  boolean exists(Name name) {
    return existing.contains(name);
  }

  boolean hasDelegations() {
    return hasDelegations;
  }

  /** A new zone with {@code name}'s node replaced by {@code node}, or removed when it is null. */
  Zone with(Name name, @Nullable Node node) {
    Map<Name, Node> copy = new HashMap<>(nodes);
    if (node == null || node.isEmpty()) {
      copy.remove(name);
    } else {
      node.checkCname(name);
      copy.put(name, node);
    }
    return new Zone(origin, soa, copy);
  }

  /** True when nothing but the SOA and the apex NS set is left (a synthetic zone can then go). */
  boolean onlyApex() {
    Node apex = nodes.get(origin);
    return nodes.size() == 1 && apex != null && !apex.steered()
        && apex.rrsets().keySet().stream().allMatch(type -> type == Type.SOA || type == Type.NS);
  }

  @Override
  public String toString() {
    return "Zone[" + origin + ", " + nodes.size() + " names]";
  }

  /** The data at one owner name: its RRsets by type, and whether it is a steered hostname. */
  record Node(Map<Integer, RRset> rrsets, boolean steered) {

    static final Node EMPTY = new Node(Map.of(), false);

    @Nullable RRset get(int type) {
      return rrsets.get(type);
    }

    boolean isEmpty() {
      return rrsets.isEmpty() && !steered;
    }

    Node withSet(int type, @Nullable RRset set) {
      Map<Integer, RRset> copy = new HashMap<>(rrsets);
      if (set == null || set.size() == 0) {
        copy.remove(type);
      } else {
        copy.put(type, set);
      }
      return new Node(Map.copyOf(copy), steered);
    }

    Node withSteered(boolean on) {
      return new Node(rrsets, on);
    }

    void checkCname(Name name) {
      if (rrsets.containsKey(Type.CNAME) && (rrsets.size() > 1 || steered)) {
        throw new IllegalArgumentException(
            "'" + name + "' has a CNAME and other data; a CNAME must be alone at its name (RFC 1034 §3.6.2)");
      }
    }
  }
}
