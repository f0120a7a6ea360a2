package dev.meridian.dns.server;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * Decides whether a UDP response may go out: one token bucket per client network (IPv4 /24, IPv6
 * /56) and response kind, refilled at {@link RateLimit#responsesPerSecond()} and holding one
 * second's worth. Thread-safe, shared by every UDP socket.
 */
final class ResponseRateLimiter {

  /*
   * Design.
   *
   * Why. An authoritative server answers anyone, and a UDP query's source address can be forged: an
   * attacker sends small queries "from" a victim and the server sends the victim large answers
   * (reflection and amplification). Counting responses per (network, kind) and dropping those past a
   * rate starves such floods while a resolver, which caches, asks any one name a few times a second at
   * most [1][2]. A dropped answer cannot be told from a lost packet, so a real client behind the
   * forged flood retries; every slip-th limited answer is sent empty with TC set, which costs the
   * attacker its amplification and tells a real client to come over TCP, where forgery is impossible
   * and nothing is limited.
   *
   * Buckets. A bucket is one long, the "theoretical arrival time" of the generic cell rate algorithm
   * (GCRA) [3]: it is a token bucket stored as the time at which it will be full again. A response at
   * time t is allowed when tat - t <= (one second - one interval), and then tat = max(tat, t) + interval.
   * Updating it is one compare-and-set, so the event loops never take a lock; two loops racing on one
   * bucket retry.
   *
   * Memory. The buckets are a fixed table of DEFAULT_SLOTS entries indexed by a seeded hash of
   * (network, kind): memory is bounded whatever the number of clients. Two pairs that share a slot
   * share a bucket and are limited together; with the table far larger than the networks sending at
   * once this is rare, and the seed keeps an attacker from choosing pairs that collide with a victim's.
   * A slip counter per slot counts the limited responses.
   *
   * Kinds (see ResponseRateLimitHandler): a NOERROR response is keyed by its question name and type,
   * every NXDOMAIN of a network shares one bucket (a flood of random names is one kind), and every
   * error (REFUSED, FORMERR, ...) shares another.
   *
   * [1] Vixie, Schryver: DNS Response Rate Limiting (DNS RRL), ISC-TN-2012-1.
   * [2] Knot DNS documentation, "rrl" module: rate-limit, slip.
   * [3] ITU-T I.371, the generic cell rate algorithm (virtual scheduling).
   */

  enum Verdict { SEND, SLIP, DROP }

  static final int DEFAULT_SLOTS = 1 << 17;

  private static final long SECOND = 1_000_000_000L;

  private final AtomicLongArray arrivals;
  private final AtomicIntegerArray limited;
  private final int mask;
  private final long interval;
  private final long tolerance;
  private final int slip;
  private final LongSupplier nanoTime;
  private final long origin;
  private final long seed;

  /**
   * @param slots the table size, a power of two
   * @param nanoTime the clock, {@code System::nanoTime} outside tests
   * @param seed mixed into the slot hash
   */
  ResponseRateLimiter(RateLimit limit, int slots, LongSupplier nanoTime, long seed) {
    if (!limit.enabled()) {
      throw new IllegalArgumentException("ResponseRateLimiter needs a rate above 0");
    }
    if (slots < 1 || Integer.bitCount(slots) != 1) {
      throw new IllegalArgumentException("ResponseRateLimiter slots must be a power of two, was " + slots);
    }
    this.arrivals = new AtomicLongArray(slots);
    this.limited = new AtomicIntegerArray(slots);
    this.mask = slots - 1;
    this.interval = SECOND / limit.responsesPerSecond();
    this.tolerance = SECOND - interval;
    this.slip = limit.slip();
    this.nanoTime = nanoTime;
    this.origin = nanoTime.getAsLong();
    this.seed = seed;
  }

  /** How many buckets the table holds; fixed at construction. */
  int slots() {
    return mask + 1;
  }

  /** Whether the response of {@code kind} to {@code client} goes out, goes out truncated, or not at all. */
  Verdict check(InetAddress client, long kind) {
    int slot = slot(network(client), kind);
    long now = nanoTime.getAsLong() - origin;
    while (true) {
      long arrival = arrivals.get(slot);
      long start = Math.max(arrival, now);
      if (start - now > tolerance) {
        break;
      }
      if (arrivals.compareAndSet(slot, arrival, start + interval)) {
        return Verdict.SEND;
      }
    }
    return slip != 0 && limited.incrementAndGet(slot) % slip == 0 ? Verdict.SLIP : Verdict.DROP;
  }

  /** IPv4 /24 with the low byte 0; IPv6 /56 shifted up with the low byte 1, so the two never meet. */
  static long network(InetAddress address) {
    byte[] bytes = address.getAddress();
    if (address instanceof Inet4Address) {
      return ((bytes[0] & 0xffL) << 24) | ((bytes[1] & 0xffL) << 16) | ((bytes[2] & 0xffL) << 8);
    }
    long network = 0;
    for (int i = 0; i < 7; i++) {
      network = (network << 8) | (bytes[i] & 0xff);
    }
    return (network << 8) | 1;
  }

  private int slot(long network, long kind) {
    // SplitMix64's finaliser: every input bit reaches the low bits that pick the slot.
    long h = network * 0x9E3779B97F4A7C15L + kind + seed;
    h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
    h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
    return (int) (h ^ (h >>> 31)) & mask;
  }
}
