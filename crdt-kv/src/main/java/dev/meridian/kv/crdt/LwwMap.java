package dev.meridian.kv.crdt;

import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.BiPredicate;
import org.jspecify.annotations.Nullable;

/*
 * Design note: the last-writer-wins register map
 *
 * What it is
 *   A map from keys to last-writer-wins registers [1]. Every register holds an entry: a value (or
 *   a tombstone, for a delete) and the hybrid logical timestamp [3] of the write that produced it.
 *   The join of two maps takes, key by key, the entry with the greater timestamp. Timestamps are
 *   totally ordered (physical, logical, node id), so the join is a least upper bound in a lattice:
 *   commutative, associative and idempotent, and replicas that have seen the same set of writes
 *   hold the same map whatever the order, duplication or delay of delivery.
 *
 * Deltas
 *   This is a delta-state CRDT [2]. A mutator (put, remove) returns a delta: a map holding only the
 *   entry it wrote, such that state ⊔ delta equals the new state. Deltas join like states, so a
 *   replicator may batch many deltas into one (their join) before shipping it, and a receiver may
 *   merge a batch twice. join() returns the part of its argument that changed this map (the
 *   "effective delta"): the store logs and re-caches exactly that. diff(base) returns the entries
 *   of this map that base lacks or holds older, the delta that brings base up to this state; it
 *   is how a replica answers a peer that missed deltas.
 *
 * Why a hybrid logical clock
 *   Pure wall-clock LWW loses a write made just after reading a value whose timestamp came from a
 *   node with a faster clock. An HLC [3] stays within the clock skew of physical time but moves
 *   past every timestamp a node has observed, so read-then-write is ordered after the read (causal
 *   LWW) and, at the writing node, a write is never hidden by an older one: read-your-writes. Ties
 *   between distinct writes cannot happen: the node id is the last component. Two entries with the
 *   same timestamp are the same write; if their bytes ever differ (a bug or bit rot elsewhere) the
 *   join still picks deterministically, by comparing the bytes, so replicas cannot diverge.
 *
 * Tombstones and their collection
 *   A delete writes a tombstone, not an absence: otherwise an older put arriving later would
 *   resurrect the key. Tombstones are collected once every replica has seen them [1, §3.3; 2, §6]:
 *   the replicator computes a stable timestamp W below which every replica reports it has merged
 *   every write (see dev.meridian.kv.replication.StabilityTracker), and purgeTombstones(W) removes
 *   the tombstones at or below W. That step is outside the lattice, so the map also keeps W as a
 *   watermark and join() ignores incoming entries at or below it: they can only be re-deliveries
 *   of writes this replica already merged (all of them, since W is stable here too), and dropping
 *   them keeps a re-delivered old put from resurrecting a collected key. No replica can issue a
 *   new write at or below W, since each reported a clock past it. The watermark is local state,
 *   not part of the encoding: the store persists it in its log.
 *
 * Key order
 *   Keys are ordered by Unicode code point, which is the byte order of their UTF-8 encoding: the
 *   lexicographic order Workers KV lists keys in. String.compareTo would order by UTF-16 units and
 *   put U+E000..U+FFFF after supplementary characters.
 *
 * References
 *   [1] M. Shapiro, N. Preguiça, C. Baquero, M. Zawirski. "Conflict-free Replicated Data Types".
 *       SSS 2011 (and INRIA RR-7687, "A comprehensive study of Convergent and Commutative
 *       Replicated Data Types", 2011).
 *   [2] P. S. Almeida, A. Shoker, C. Baquero. "Delta State Replicated Data Types". Journal of
 *       Parallel and Distributed Computing 111, 2018 (arXiv:1603.01529).
 *   [3] S. Kulkarni, M. Demirbas, D. Madappa, B. Avva, M. Leone. "Logical Physical Clocks and
 *       Consistent Snapshots in Globally Distributed Databases". OPODIS 2014.
 */

/**
 * A last-writer-wins register map keyed by string, stamped with {@link Hlc}s; the state of one KV
 * namespace. Values are opaque bytes; a {@code null} value is a tombstone.
 */
public final class LwwMap {

  /** Unicode code point order, equal to the byte order of the UTF-8 encodings. */
  public static final Comparator<String> KEY_ORDER = LwwMap::compareCodePoints;

  private final TreeMap<String, Entry> entries = new TreeMap<>(KEY_ORDER);
  private Hlc watermark = Hlc.ZERO;

  /** One register: the value (or {@code null} for a tombstone) and the write's timestamp. */
  public record Entry(Hlc stamp, byte @Nullable [] value) {

    public boolean isTombstone() {
      return value == null;
    }

    /** Whether this entry wins over {@code other} in the join. */
    public boolean dominates(Entry other) {
      int c = stamp.compareTo(other.stamp);
      if (c != 0) {
        return c > 0;
      }
      return compareValues(value, other.value) > 0;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Entry e && stamp.equals(e.stamp) && Arrays.equals(value, e.value);
    }

    @Override
    public int hashCode() {
      return 31 * stamp.hashCode() + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return stamp + (value == null ? "=⊥" : "=" + value.length + "B");
    }

    private static int compareValues(byte @Nullable [] a, byte @Nullable [] b) {
      if (a == null || b == null) {
        return a == b ? 0 : (a == null ? -1 : 1);
      }
      return Arrays.compare(a, b);
    }
  }

  public LwwMap() {}

  /** A map holding one entry: the delta of a single write. */
  public static LwwMap of(String key, Entry entry) {
    LwwMap m = new LwwMap();
    m.entries.put(key, entry);
    return m;
  }

  /** Writes {@code value} under {@code key} at {@code stamp} and returns the delta. */
  public LwwMap put(String key, byte[] value, Hlc stamp) {
    return apply(key, new Entry(stamp, value.clone()));
  }

  /** Writes a tombstone under {@code key} at {@code stamp} and returns the delta. */
  public LwwMap remove(String key, Hlc stamp) {
    return apply(key, new Entry(stamp, null));
  }

  private LwwMap apply(String key, Entry e) {
    LwwMap delta = of(key, e);
    join(delta);
    return delta;
  }

  /**
   * Joins {@code other} into this map and returns the effective delta: the entries of {@code other}
   * that changed this map. Entries at or below the tombstone watermark are ignored (see the design
   * note).
   */
  public LwwMap join(LwwMap other) {
    LwwMap changed = new LwwMap();
    int[] outcome = new int[1];
    for (Map.Entry<String, Entry> e : other.entries.entrySet()) {
      Entry incoming = e.getValue();
      if (!incoming.stamp().isAfter(watermark)) {
        continue;
      }
      // One traversal of the tree: merge keeps the current entry unless the incoming one wins
      // (outcome: 0 = key was absent, 1 = incoming won, 2 = current kept).
      outcome[0] = 0;
      entries.merge(e.getKey(), incoming, (current, in) -> {
        boolean wins = in.dominates(current);
        outcome[0] = wins ? 1 : 2;
        return wins ? in : current;
      });
      if (outcome[0] != 2) {
        changed.entries.put(e.getKey(), incoming);
      }
    }
    return changed;
  }

  /** A copy holding only the entries {@code keep} accepts (linear: a sorted copy, then removals). */
  public LwwMap filter(BiPredicate<String, Entry> keep) {
    LwwMap m = copy();
    m.entries.entrySet().removeIf(e -> !keep.test(e.getKey(), e.getValue()));
    return m;
  }

  /** The entries of this map that {@code base} lacks or holds older: base ⊔ diff = base ⊔ this. */
  public LwwMap diff(LwwMap base) {
    LwwMap d = new LwwMap();
    for (Map.Entry<String, Entry> e : entries.entrySet()) {
      Entry theirs = base.entries.get(e.getKey());
      if (theirs == null || e.getValue().dominates(theirs)) {
        d.entries.put(e.getKey(), e.getValue());
      }
    }
    return d;
  }

  /** The entries written by {@code node} with a timestamp above {@code after}. */
  public LwwMap writtenBy(int node, Hlc after) {
    LwwMap d = new LwwMap();
    for (Map.Entry<String, Entry> e : entries.entrySet()) {
      Hlc s = e.getValue().stamp();
      if (s.node() == node && s.isAfter(after)) {
        d.entries.put(e.getKey(), e.getValue());
      }
    }
    return d;
  }

  /**
   * Removes tombstones stamped at or below {@code stable} and raises the watermark to it. Call only
   * with a timestamp every replica has merged everything below (see the design note).
   *
   * @return the number of tombstones removed
   */
  public int purgeTombstones(Hlc stable) {
    if (stable.isAfter(watermark)) {
      watermark = stable;
    }
    int before = entries.size();
    entries.values().removeIf(e -> e.isTombstone() && !e.stamp().isAfter(watermark));
    return before - entries.size();
  }

  public Hlc watermark() {
    return watermark;
  }

  /** The entry under {@code key}, tombstones included, or {@code null}. */
  public @Nullable Entry entry(String key) {
    return entries.get(key);
  }

  /** All entries, tombstones included, in {@link #KEY_ORDER}; a read-only view. */
  public NavigableMap<String, Entry> entries() {
    return Collections.unmodifiableNavigableMap(entries);
  }

  public int size() {
    return entries.size();
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /** The greatest timestamp in this map, or {@link Hlc#ZERO}. */
  public Hlc maxStamp() {
    Hlc max = Hlc.ZERO;
    for (Entry e : entries.values()) {
      max = Hlc.max(max, e.stamp());
    }
    return max;
  }

  public LwwMap copy() {
    LwwMap m = new LwwMap();
    m.entries.putAll(entries);
    m.watermark = watermark;
    return m;
  }

  /** Version byte, type tag, entry count, then per entry: key, stamp, flag, value. */
  public byte[] encode() {
    Wire.Writer w = new Wire.Writer(32 + entries.size() * 32);
    w.header(Wire.VERSION, Wire.TAG_LWW_MAP).varInt(entries.size());
    for (Map.Entry<String, Entry> e : entries.entrySet()) {
      w.string(e.getKey());
      e.getValue().stamp().writeTo(w);
      byte[] v = e.getValue().value();
      if (v == null) {
        w.u8(0);
      } else {
        w.u8(1).bytes(v);
      }
    }
    return w.toByteArray();
  }

  public static LwwMap decode(byte[] bytes) {
    Wire.Reader r = new Wire.Reader(bytes);
    r.header(Wire.VERSION, Wire.TAG_LWW_MAP, "LWW map");
    int n = r.count(5);
    LwwMap m = new LwwMap();
    for (int i = 0; i < n; i++) {
      String key = r.string();
      Hlc stamp = Hlc.readFrom(r);
      int flag = r.u8();
      byte[] value = switch (flag) {
        case 0 -> null;
        case 1 -> r.bytes();
        default -> throw new MalformedEncodingException("LWW entry flag " + flag);
      };
      m.entries.merge(key, new Entry(stamp, value), (prev, e) -> e.dominates(prev) ? e : prev);
    }
    r.expectEnd();
    return m;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LwwMap m && entries.equals(m.entries);
  }

  @Override
  public int hashCode() {
    return entries.hashCode();
  }

  @Override
  public String toString() {
    return "LwwMap" + entries;
  }

  /**
   * Compares by code point without decoding: UTF-16 order differs from code point order only
   * where a surrogate (U+D800..U+DFFF) meets a unit in U+E000..U+FFFF, so the first differing
   * units are shifted to put surrogates above that range before comparing.
   */
  static int compareCodePoints(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char ca = a.charAt(i);
      char cb = b.charAt(i);
      if (ca != cb) {
        return Integer.compare(fixup(ca), fixup(cb));
      }
    }
    return Integer.compare(a.length(), b.length());
  }

  private static int fixup(char c) {
    if (c >= 0xE000) {
      return c - 0x800;
    }
    return c >= 0xD800 ? c + 0x2000 : c;
  }
}
