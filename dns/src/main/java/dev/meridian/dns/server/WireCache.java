package dev.meridian.dns.server;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Finished responses by question, so that a repeated question costs a hash lookup and a copy, not a
 * parse, a lookup in the zone and a serialisation.
 *
 * <p>The key is the question name in lower case as it is on the wire, the type, the class and the
 * EDNS shape of the query (OPT present, DO bit); that is all a cacheable response depends on, apart
 * from the ID, the RD and CD bits and the case of the question name, which {@link QueryProbe}
 * patches. An entry remembers the {@link dev.meridian.dns.zone.Authority#generation() generation} it
 * was built at and is ignored once the data changed, so a change takes effect for the next query.
 *
 * <p>Limit: at most {@code maxEntries} entries; past it the cache is emptied and refills with the
 * questions still asked (a flood of random names cannot grow it without bound).
 */
final class WireCache {

  static final int DEFAULT_MAX_ENTRIES = 100_000;

  record Entry(QueryResponder.Reply reply, long generation) {}

  private final Map<Key, Entry> entries = new ConcurrentHashMap<>();
  private final int maxEntries;

  WireCache(int maxEntries) {
    this.maxEntries = maxEntries;
  }

  QueryResponder.@Nullable Reply get(Key key, long generation) {
    Entry entry = entries.get(key);
    return entry == null || entry.generation() != generation ? null : entry.reply();
  }

  void put(Key key, QueryResponder.Reply reply, long generation) {
    if (entries.size() >= maxEntries) {
      entries.clear();
    }
    entries.put(key.copy(), new Entry(reply, generation));
  }

  int size() {
    return entries.size();
  }

  /**
   * A cache key. The probe a handler fills for each query is mutable and reused (no allocation on a
   * hit); {@link #copy} makes the immutable key that is stored.
   */
  static final class Key {
    final byte[] bytes;
    int length;
    int hash;

    Key(int capacity) {
      this.bytes = new byte[capacity];
    }

    private Key(byte[] bytes, int hash) {
      this.bytes = bytes;
      this.length = bytes.length;
      this.hash = hash;
    }

    Key copy() {
      return new Key(Arrays.copyOf(bytes, length), hash);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Key key && key.hash == hash
          && Arrays.equals(bytes, 0, length, key.bytes, 0, key.length);
    }
  }
}
