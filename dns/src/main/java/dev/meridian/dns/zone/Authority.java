package dev.meridian.dns.zone;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * Every zone this server is authoritative for, and the answer to a question against them.
 *
 * <p>Concurrency: each zone is an immutable {@link Zone} in a concurrent map. Queries read without
 * locks; changes (zone loads, steered hostnames, ACME TXT records) are serialised on this object,
 * build a new {@code Zone} and swap it in, so they take effect for the next query. Every change bumps
 * {@link #generation()}, which the wire cache compares to drop answers built from older data.
 *
 * <p>Names outside every loaded zone: publishing a steered hostname or an ACME TXT record for such a
 * name (a tenant's custom hostname) creates a <em>synthetic</em> zone at the hostname, with an SOA
 * and NS set from {@link Config}; it goes away when its last dynamic record does.
 *
 * <p>The answer algorithm is RFC 1034 §4.3.2: find the zone (else REFUSED), stop at a delegation
 * (referral with glue, AA off), match the name or else a wildcard at its closest encloser (RFC 4592),
 * follow a CNAME chain inside the zone, and answer NODATA or NXDOMAIN with the SOA in the authority
 * section (its TTL capped by the SOA minimum, RFC 2308 §3).
 */
public final class Authority {

  /** CNAME hops followed inside one zone before the chain is returned as it is (loops stop here). */
  public static final int MAX_CNAME_CHAIN = 8;

  /**
   * The settings of dynamic names.
   *
   * @param nameservers the NS set of synthetic zones (the platform's name servers)
   * @param hostmaster the SOA mailbox of synthetic zones
   * @param steeredTtl TTL of steered A/AAAA answers: short, so that a PoP that fails leaves resolvers'
   *     caches quickly
   * @param txtTtl TTL of ACME TXT records: short, so that a retried challenge is seen
   */
  public record Config(List<Name> nameservers, Name hostmaster, Duration steeredTtl, Duration txtTtl) {

    public static final Duration DEFAULT_STEERED_TTL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_TXT_TTL = Duration.ofSeconds(60);

    public Config {
      nameservers = List.copyOf(nameservers);
      if (nameservers.isEmpty()) {
        throw new IllegalArgumentException("Authority.Config.nameservers must name at least one name server");
      }
      for (Name ns : nameservers) {
        requireAbsolute(ns, "nameservers");
      }
      requireAbsolute(hostmaster, "hostmaster");
      if (steeredTtl.isNegative() || txtTtl.isNegative()) {
        throw new IllegalArgumentException("Authority.Config TTLs must not be negative");
      }
    }

    /** {@code ns1.meridian.invalid.}, 30 s steered TTL, 60 s TXT TTL: fine for one machine and tests. */
    public static Config defaults() {
      return new Config(
          List.of(Name.fromConstantString("ns1.meridian.invalid.")),
          Name.fromConstantString("hostmaster.meridian.invalid."),
          DEFAULT_STEERED_TTL,
          DEFAULT_TXT_TTL);
    }
  }

  private final Config config;
  private final Clock clock;
  private final Map<Name, Zone> zones = new ConcurrentHashMap<>();
  private final Set<Name> synthetic = new HashSet<>();
  private final AtomicLong generation = new AtomicLong();

  /** @param clock gives the SOA serial of synthetic zones (seconds since the epoch, RFC 1982 style) */
  public Authority(Config config, Clock clock) {
    this.config = Objects.requireNonNull(config);
    this.clock = Objects.requireNonNull(clock);
  }

  public Authority(Config config) {
    this(config, Clock.systemUTC());
  }

  public Authority() {
    this(Config.defaults());
  }

  /** Serves {@code zone}, replacing a zone with the same origin (a reload). */
  public synchronized void putZone(Zone zone) {
    synthetic.remove(zone.origin());
    zones.put(zone.origin(), zone);
    generation.incrementAndGet();
  }

  /** Stops serving the zone at {@code origin}; returns whether there was one. */
  public synchronized boolean removeZone(Name origin) {
    synthetic.remove(origin);
    boolean removed = zones.remove(origin) != null;
    generation.incrementAndGet();
    return removed;
  }

  public @Nullable Zone zone(Name origin) {
    return zones.get(origin);
  }

  /** Incremented by every change; a cached answer built at an older generation is stale. */
  public long generation() {
    return generation.get();
  }

  /**
   * Answers A and AAAA for {@code host} from geo-steering, with the steered TTL. The host must not
   * own a CNAME; other data at it (TXT, CAA) stays.
   */
  public synchronized void publishSteered(Name host) {
    requireAbsolute(host, "host");
    // A wildcard's synthetic zone is its parent: *.shop.example. answers below shop.example.
    Zone zone = zoneForDynamic(host, host.isWild() ? new Name(host, 1) : host);
    Zone.Node node = Objects.requireNonNullElse(zone.node(host), Zone.Node.EMPTY);
    if (node.get(Type.CNAME) != null) {
      throw new IllegalArgumentException("'" + host + "' has a CNAME in zone " + zone.origin()
          + "; remove it before publishing the name as a steered hostname");
    }
    replace(zone.with(host, node.withSteered(true)));
  }

  /** Stops steering {@code host}; returns whether it was steered. */
  public synchronized boolean unpublishSteered(Name host) {
    Zone zone = findZone(host);
    Zone.Node node = zone == null ? null : zone.node(host);
    if (zone == null || node == null || !node.steered()) {
      return false;
    }
    replace(zone.with(host, node.withSteered(false)));
    return true;
  }

  public boolean isSteered(Name host) {
    Zone zone = findZone(host);
    Zone.Node node = zone == null ? null : zone.node(host);
    return node != null && node.steered();
  }

  /**
   * Adds one TXT value at {@code name} (ACME DNS-01 puts its token at {@code _acme-challenge.HOST};
   * a certificate for HOST and *.HOST needs two values at once).
   */
  public synchronized void addTxt(Name name, String value) {
    requireAbsolute(name, "name");
    Zone zone = zoneForDynamic(name, acmeHost(name));
    Zone.Node node = Objects.requireNonNullElse(zone.node(name), Zone.Node.EMPTY);
    RRset set = copy(node.get(Type.TXT));
    set.addRR(new TXTRecord(name, DClass.IN, config.txtTtl().toSeconds(), value));
    replace(zone.with(name, node.withSet(Type.TXT, set)));
  }

  /** Removes one TXT value at {@code name}; returns whether it was there. */
  public synchronized boolean removeTxt(Name name, String value) {
    Zone zone = findZone(name);
    Zone.Node node = zone == null ? null : zone.node(name);
    RRset old = node == null ? null : node.get(Type.TXT);
    if (zone == null || node == null || old == null) {
      return false;
    }
    RRset set = new RRset();
    boolean found = false;
    for (Record record : old.rrs(false)) {
      if (!found && ((TXTRecord) record).getStrings().equals(List.of(value))) {
        found = true;
      } else {
        set.addRR(record);
      }
    }
    if (found) {
      replace(zone.with(name, node.withSet(Type.TXT, set)));
    }
    return found;
  }

  /**
   * The response sections for one question of class IN.
   *
   * @param steering supplies the addresses of steered hostnames for this client
   */
  public Answer answer(Name qname, int qtype, AddressSource steering) {
    Zone zone = findZone(qname);
    if (zone == null) {
      return Answer.refused();
    }
    List<Record> answer = new ArrayList<>();
    Name name = qname;
    for (int hop = 0; ; hop++) {
      Name cut = zone.hasDelegations() ? delegation(zone, name) : null;
      // DS belongs to the parent side of a cut (RFC 4035 §3.1.4.1): answered here, not referred.
      if (cut != null && !(qtype == Type.DS && cut.equals(name))) {
        if (!answer.isEmpty()) {
          // A CNAME led below a cut: the chain so far is ours to give, the rest the resolver follows.
          return new Answer(Rcode.NOERROR, true, answer, List.of(), List.of(), false);
        }
        return referral(zone, cut);
      }
      Zone.Node node = zone.node(name);
      boolean synthesized = false;
      if (node == null) {
        if (zone.exists(name)) {
          return negative(zone, Rcode.NOERROR, answer, false); // empty non-terminal: NODATA
        }
        Name wildcard = wildcard(zone, name);
        node = wildcard == null ? null : zone.node(wildcard);
        if (node == null) {
          return negative(zone, Rcode.NXDOMAIN, answer, false);
        }
        synthesized = true;
      }
      if (node.steered() && (qtype == Type.A || qtype == Type.AAAA)) {
        return steered(zone, name, qtype, answer, steering);
      }
      if (qtype == Type.ANY && !node.rrsets().isEmpty()) {
        for (RRset set : node.rrsets().values()) {
          addAll(answer, set, synthesized ? name : null);
        }
        return positive(zone, answer);
      }
      RRset set = node.get(qtype);
      if (set != null) {
        addAll(answer, set, synthesized ? name : null);
        return positive(zone, answer);
      }
      RRset cname = node.get(Type.CNAME);
      if (cname == null) {
        return negative(zone, Rcode.NOERROR, answer, false);
      }
      addAll(answer, cname, synthesized ? name : null);
      Name target = ((CNAMERecord) cname.first()).getTarget();
      if (hop + 1 >= MAX_CNAME_CHAIN || !target.subdomain(zone.origin())) {
        return new Answer(Rcode.NOERROR, true, answer, List.of(), List.of(), false);
      }
      name = target;
    }
  }

  private Answer steered(Zone zone, Name name, int qtype, List<Record> answer, AddressSource steering) {
    List<InetAddress> addresses = steering.addresses(name, qtype);
    if (addresses == null) {
      return new Answer(Rcode.SERVFAIL, false, List.of(), List.of(), List.of(), true);
    }
    long ttl = config.steeredTtl().toSeconds();
    int added = 0;
    for (InetAddress address : addresses) {
      if (qtype == Type.A && address instanceof Inet4Address) {
        answer.add(new ARecord(name, DClass.IN, ttl, address));
        added++;
      } else if (qtype == Type.AAAA && !(address instanceof Inet4Address)) {
        answer.add(new AAAARecord(name, DClass.IN, ttl, address));
        added++;
      }
    }
    if (added == 0) {
      return negative(zone, Rcode.NOERROR, answer, true);
    }
    return new Answer(Rcode.NOERROR, true, answer, List.of(), List.of(), true);
  }

  private static Answer positive(Zone zone, List<Record> answer) {
    List<Record> additional = new ArrayList<>();
    for (Record record : answer) {
      if (record instanceof NSRecord ns) {
        addAddresses(zone, ns.getTarget(), additional);
      }
    }
    return new Answer(Rcode.NOERROR, true, answer, List.of(), additional, false);
  }

  private static Answer negative(Zone zone, int rcode, List<Record> answer, boolean steered) {
    SOARecord soa = zone.soa();
    long ttl = Math.min(soa.getTTL(), soa.getMinimum());
    Record negativeSoa = new SOARecord(soa.getName(), DClass.IN, ttl, soa.getHost(), soa.getAdmin(),
        soa.getSerial(), soa.getRefresh(), soa.getRetry(), soa.getExpire(), soa.getMinimum());
    return new Answer(rcode, true, answer, List.of(negativeSoa), List.of(), steered);
  }

  private static Answer referral(Zone zone, Name cut) {
    RRset ns = Objects.requireNonNull(Objects.requireNonNull(zone.node(cut)).get(Type.NS));
    List<Record> glue = new ArrayList<>();
    for (Record record : ns.rrs(false)) {
      Name target = ((NSRecord) record).getTarget();
      if (target.subdomain(cut)) {
        addAddresses(zone, target, glue); // glue is needed only below the cut (RFC 9471)
      }
    }
    return new Answer(Rcode.NOERROR, false, List.of(), ns.rrs(false), glue, false);
  }

  private static void addAddresses(Zone zone, Name host, List<Record> into) {
    Zone.Node node = zone.node(host);
    if (node != null) {
      addAll(into, node.get(Type.A), null);
      addAll(into, node.get(Type.AAAA), null);
    }
  }

  private static void addAll(List<Record> into, @Nullable RRset set, @Nullable Name owner) {
    if (set == null) {
      return;
    }
    for (Record record : set.rrs(false)) {
      into.add(owner == null ? record : record.withName(owner));
    }
  }

  /** The highest name strictly below the apex, at or above {@code name}, that owns NS records. */
  private static @Nullable Name delegation(Zone zone, Name name) {
    int depth = name.labels() - zone.origin().labels();
    for (int strip = depth - 1; strip >= 0; strip--) {
      Name candidate = strip == 0 ? name : new Name(name, strip);
      Zone.Node node = zone.node(candidate);
      if (node != null && node.get(Type.NS) != null) {
        return candidate;
      }
    }
    return null;
  }

  /** {@code *.<closest encloser>} for a name that does not exist (RFC 4592 §3.3.1). */
  private static @Nullable Name wildcard(Zone zone, Name name) {
    for (int strip = 1; strip <= name.labels() - zone.origin().labels(); strip++) {
      Name encloser = new Name(name, strip);
      if (zone.exists(encloser)) {
        return concatenate(WILDCARD_LABEL, encloser);
      }
    }
    return null;
  }

  private static final Name WILDCARD_LABEL = relative("*");

  private static Name relative(String label) {
    try {
      return Name.fromString(label);
    } catch (org.xbill.DNS.TextParseException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Name concatenate(Name prefix, Name suffix) {
    try {
      return Name.concatenate(prefix, suffix);
    } catch (org.xbill.DNS.NameTooLongException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** The deepest zone whose origin is {@code name} or one of its ancestors. */
  public @Nullable Zone findZone(Name name) {
    if (zones.isEmpty()) {
      return null;
    }
    for (int strip = 0; strip < name.labels(); strip++) {
      Zone zone = zones.get(strip == 0 ? name : new Name(name, strip));
      if (zone != null) {
        return zone;
      }
    }
    return null;
  }

  private Zone zoneForDynamic(Name name, Name syntheticOrigin) {
    Zone zone = findZone(name);
    if (zone != null) {
      return zone;
    }
    long serial = clock.instant().getEpochSecond() & 0xffffffffL;
    long ttl = config.steeredTtl().toSeconds();
    List<Record> apex = new ArrayList<>();
    apex.add(new SOARecord(syntheticOrigin, DClass.IN, 3600, config.nameservers().getFirst(), config.hostmaster(),
        serial, 3600, 600, 604800, ttl));
    for (Name ns : config.nameservers()) {
      apex.add(new NSRecord(syntheticOrigin, DClass.IN, 3600, ns));
    }
    synthetic.add(syntheticOrigin);
    return Zone.of(syntheticOrigin, apex);
  }

  private void replace(Zone zone) {
    if (synthetic.contains(zone.origin()) && zone.onlyApex()) {
      zones.remove(zone.origin());
      synthetic.remove(zone.origin());
    } else {
      zones.put(zone.origin(), zone);
    }
    generation.incrementAndGet();
  }

  /** {@code HOST} for {@code _acme-challenge.HOST}, else the name itself. */
  private static Name acmeHost(Name name) {
    if (name.labels() > 1 && name.getLabelString(0).equalsIgnoreCase("_acme-challenge")) {
      return new Name(name, 1);
    }
    return name;
  }

  private static RRset copy(@Nullable RRset set) {
    RRset copy = new RRset();
    if (set != null) {
      for (Record record : set.rrs(false)) {
        copy.addRR(record);
      }
    }
    return copy;
  }

  private static void requireAbsolute(Name name, String what) {
    if (!name.isAbsolute()) {
      throw new IllegalArgumentException(what + " '" + name + "' must be an absolute name (end with a dot)");
    }
  }
}
