package dev.meridian.dns.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * The server's meters. A response is counted by transport, rcode and cache hit at ~300k a second,
 * so the counters are kept in an array indexed by those three, made on first use, and the rcode is
 * read from the response bytes: counting costs an array read and an increment, no tag lookup and no
 * allocation. The names are listed in the module README.
 */
final class DnsMetrics implements AutoCloseable {

  /** Why a query got no response. */
  enum Drop {
    TOO_SHORT, QR_SET, RATE_LIMITED;

    final String tag = name().toLowerCase(Locale.ROOT);
  }

  private static final int BADVERS = 16;
  private static final int RCODES = BADVERS + 1;
  private static final int OPT = 41;

  private final MeterRegistry registry;
  private final AtomicReferenceArray<Counter> responses = new AtomicReferenceArray<>(2 * RCODES * 2);
  private final Counter[] dropped = new Counter[Drop.values().length];
  private final Counter truncated;
  private final Counter slipped;
  private final Counter tcpRefused;
  private final List<Meter> meters = new ArrayList<>();

  DnsMetrics(MeterRegistry registry, Supplier<Number> cachedAnswers) {
    this.registry = registry;
    for (Drop reason : Drop.values()) {
      dropped[reason.ordinal()] = add(Counter.builder("dns.queries.dropped").tag("reason", reason.tag)
          .description("Queries that got no response").register(registry));
    }
    truncated = add(Counter.builder("dns.responses.truncated").tag("transport", "udp")
        .description("UDP responses sent with TC set because the answer exceeds the client's size").register(registry));
    slipped = add(Counter.builder("dns.responses.slipped")
        .description("Rate-limited UDP responses sent empty with TC set instead of dropped").register(registry));
    tcpRefused = add(Counter.builder("dns.tcp.connections.refused")
        .description("TCP connections closed at once because the open-connection limit was reached").register(registry));
    add(Gauge.builder("dns.cache.size", cachedAnswers).description("Answers held as wire bytes").register(registry));
  }

  /** A response about to be sent ({@code wire} without TCP's length prefix). */
  void response(boolean udp, byte[] wire, boolean cached) {
    int index = ((udp ? 0 : RCODES) + rcode(wire)) * 2 + (cached ? 1 : 0);
    Counter counter = responses.get(index);
    if (counter == null) {
      counter = responseCounter(index);
    }
    counter.increment();
    if (udp && (wire[2] & 0x02) != 0) {
      truncated.increment();
    }
  }

  void dropped(Drop reason) {
    dropped[reason.ordinal()].increment();
  }

  void slipped() {
    slipped.increment();
  }

  void tcpRefused() {
    tcpRefused.increment();
  }

  /**
   * The header's rcode, or BADVERS, the only extended one we send: its upper bits are in the OPT
   * record, which is then the last record and has no options.
   */
  static int rcode(byte[] wire) {
    int rcode = wire[3] & 0xf;
    int n = wire.length;
    if (rcode == 0 && n >= QueryResponder.HEADER_LENGTH + 11 && wire[11] != 0 && wire[n - 11] == 0 && wire[n - 10] == 0
        && wire[n - 9] == OPT && wire[n - 2] == 0 && wire[n - 1] == 0 && wire[n - 6] != 0) {
      return BADVERS; // RFC 6891 §6.1.3: extended rcode 1 over 4 header bits of 0
    }
    return rcode;
  }

  private Counter responseCounter(int index) {
    int rcode = index / 2 % RCODES;
    Counter counter = Counter.builder("dns.responses")
        .tag("transport", index / 2 < RCODES ? "udp" : "tcp")
        .tag("rcode", rcode == BADVERS ? "badvers" : org.xbill.DNS.Rcode.string(rcode).toLowerCase(Locale.ROOT))
        .tag("cache", index % 2 == 1 ? "hit" : "miss")
        .description("Responses made, before UDP rate limiting").register(registry);
    // Registering twice returns the same counter, so two threads racing here agree.
    if (responses.compareAndSet(index, null, counter)) {
      synchronized (meters) {
        meters.add(counter);
      }
    }
    return counter;
  }

  private <M extends Meter> M add(M meter) {
    synchronized (meters) {
      meters.add(meter);
    }
    return meter;
  }

  /** Removes this server's meters, so that a server started later on the same registry starts afresh. */
  @Override
  public void close() {
    synchronized (meters) {
      meters.forEach(registry::remove);
      meters.clear();
    }
  }
}
