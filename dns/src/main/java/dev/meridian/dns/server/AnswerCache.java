package dev.meridian.dns.server;

import dev.meridian.dns.zone.Authority;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.net.InetAddress;
import org.jspecify.annotations.Nullable;

/**
 * The answer step both transports share: the {@link WireCache} first, {@link QueryResponder} on a
 * miss, and the response sized for the transport (truncated for a UDP client whose limit it
 * exceeds), counted in {@link DnsMetrics}. Thread-safe; the {@link QueryProbe} passed in belongs
 * to the calling channel.
 */
final class AnswerCache {

  private static final int TCP_LIMIT = 65535;

  private final Authority authority;
  private final QueryResponder responder;
  private final WireCache cache;
  private final DnsMetrics metrics;

  AnswerCache(Authority authority, QueryResponder responder, int maxEntries, MeterRegistry meters) {
    this.authority = authority;
    this.responder = responder;
    this.cache = new WireCache(maxEntries);
    this.metrics = new DnsMetrics(meters, cache::size);
  }

  DnsMetrics metrics() {
    return metrics;
  }

  /** The response to {@code query} (not consumed), or null when none is due. */
  @Nullable ByteBuf answer(ByteBuf query, InetAddress source, boolean udp, ByteBufAllocator alloc, QueryProbe probe) {
    probe.read(query);
    int limit = udp ? probe.udpLimit() : TCP_LIMIT;
    long generation = authority.generation();
    if (probe.cacheable()) {
      QueryResponder.Reply hit = cache.get(probe.key, generation);
      if (hit != null) {
        byte[] cached = hit.forLimit(limit - probe.clientSubnetLength());
        metrics.response(udp, cached, true);
        return probe.patch(query, cached, alloc, !udp);
      }
    }
    QueryResponder.Reply reply = responder.respond(ByteBufUtil.getBytes(query), source);
    if (reply == null) {
      metrics.dropped(query.readableBytes() < QueryResponder.HEADER_LENGTH ? DnsMetrics.Drop.TOO_SHORT
          : DnsMetrics.Drop.QR_SET);
      return null;
    }
    QueryResponder.Reply cacheForm = reply.cacheable() ? reply : reply.withoutClientSubnet();
    if (probe.cacheable() && cacheForm != null) {
      cache.put(probe.key, cacheForm, generation);
    }
    byte[] wire = reply.forLimit(limit);
    metrics.response(udp, wire, false);
    ByteBuf out = alloc.ioBuffer(wire.length + (udp ? 0 : 2));
    if (!udp) {
      out.writeShort(wire.length);
    }
    return out.writeBytes(wire);
  }

  int cachedAnswers() {
    return cache.size();
  }
}
