package dev.meridian.dns.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Reads just enough of a query, straight from the receive buffer, to find its answer in the {@link
 * WireCache}, and writes a cached answer patched for this query. One per channel (it is reused for
 * every query the channel reads, so a cache hit allocates nothing but the response buffer).
 *
 * <p>A query is <em>simple</em> when it is QR=0, opcode QUERY, one question with an uncompressed name,
 * no answer or authority records, and at most one additional record that is an EDNS version 0 OPT
 * with at most one, well-formed, Client Subnet option (RFC 7871 §6), with nothing after it.
 * Everything else goes to {@link QueryResponder} uncached, which also makes the FORMERR/NOTIMP
 * decisions. A Client Subnet option is not part of the key: the cache holds answers that do not
 * depend on the client, and {@link #patch} echoes the option with scope 0.
 */
final class QueryProbe {

  private static final int MAX_NAME = 255;
  private static final int OPT = 41;
  private static final int CLIENT_SUBNET = 8;

  final WireCache.Key key = new WireCache.Key(MAX_NAME + 5);
  private int questionLength;
  private int udpLimit;
  private boolean cacheable;
  private int subnetStart;
  private int subnetLength;

  /** The UDP size limit of the last query read (512 unless its OPT says more, capped at ours). */
  int udpLimit() {
    return udpLimit;
  }

  /** The length of the last query's Client Subnet option, header included; 0 without one. */
  int clientSubnetLength() {
    return subnetLength;
  }

  /** Whether the last query read is simple (its answer may come from and go to the cache). */
  boolean cacheable() {
    return cacheable;
  }

  /** Reads the query between the buffer's reader and writer index; does not move them. */
  void read(ByteBuf query) {
    udpLimit = QueryResponder.CLASSIC_UDP_LIMIT;
    cacheable = false;
    subnetLength = 0;
    int base = query.readerIndex();
    int end = query.writerIndex();
    if (end - base < QueryResponder.HEADER_LENGTH + 5) {
      return;
    }
    if ((query.getUnsignedByte(base + 2) & 0xf8) != 0 || query.getUnsignedShort(base + 4) != 1
        || query.getUnsignedShort(base + 6) != 0 || query.getUnsignedShort(base + 8) != 0) {
      return;
    }
    int additional = query.getUnsignedShort(base + 10);
    if (additional > 1) {
      return;
    }
    byte[] bytes = key.bytes;
    int k = 0;
    int pos = base + QueryResponder.HEADER_LENGTH;
    while (true) {
      if (pos >= end) {
        return;
      }
      int label = query.getUnsignedByte(pos);
      if (label == 0) {
        bytes[k++] = 0;
        pos++;
        break;
      }
      if (label > 63 || pos + 1 + label > end || k + label + 1 >= MAX_NAME) {
        return;
      }
      bytes[k++] = (byte) label;
      for (int i = 1; i <= label; i++) {
        byte b = query.getByte(pos + i);
        bytes[k++] = b >= 'A' && b <= 'Z' ? (byte) (b + 32) : b;
      }
      pos += label + 1;
    }
    if (pos + 4 > end) {
      return;
    }
    query.getBytes(pos, bytes, k, 4);
    k += 4;
    pos += 4;
    questionLength = pos - base - QueryResponder.HEADER_LENGTH;
    int shape = 0;
    int subnets = 0;
    if (additional == 1) {
      if (pos + 11 > end || query.getUnsignedByte(pos) != 0 || query.getUnsignedShort(pos + 1) != OPT
          || query.getUnsignedByte(pos + 6) != 0) {
        return;
      }
      int payload = query.getUnsignedShort(pos + 3);
      boolean dnssecOk = (query.getUnsignedByte(pos + 7) & 0x80) != 0;
      int rdataEnd = pos + 11 + query.getUnsignedShort(pos + 9);
      if (rdataEnd != end) {
        return;
      }
      for (int option = pos + 11; option < rdataEnd; ) {
        if (option + 4 > rdataEnd) {
          return;
        }
        int length = query.getUnsignedShort(option + 2);
        if (option + 4 + length > rdataEnd) {
          return;
        }
        if (query.getUnsignedShort(option) == CLIENT_SUBNET) {
          if (++subnets > 1 || !validSubnet(query, option + 4, length)) {
            return;
          }
          subnetStart = option;
          subnetLength = 4 + length;
        }
        option += 4 + length;
      }
      udpLimit = Math.clamp(payload, QueryResponder.CLASSIC_UDP_LIMIT, QueryResponder.UDP_PAYLOAD_SIZE);
      shape = 1 | (dnssecOk ? 2 : 0);
    } else if (pos != end) {
      return;
    }
    bytes[k++] = (byte) shape;
    key.length = k;
    int hash = 1;
    for (int i = 0; i < k; i++) {
      hash = 31 * hash + bytes[i];
    }
    key.hash = hash;
    cacheable = true;
  }

  /** RFC 7871 §6: a known family, a source prefix within it, just enough address bytes, no bits past it. */
  private static boolean validSubnet(ByteBuf query, int data, int length) {
    if (length < 4) {
      return false;
    }
    int family = query.getUnsignedShort(data);
    int source = query.getUnsignedByte(data + 2);
    int scope = query.getUnsignedByte(data + 3);
    int bytes = (source + 7) / 8;
    if ((family != 1 || source > 32) && (family != 2 || source > 128) || scope != 0 || length != 4 + bytes) {
      return false;
    }
    return bytes == 0 || (query.getUnsignedByte(data + 4 + bytes - 1) & (0xff >> (source - (bytes - 1) * 8))) == 0;
  }

  /**
   * {@code cached} as the answer to {@code query}: its ID, RD and CD bits and the question as the
   * client wrote it (resolvers that randomise the case of names check it, draft-vixie-dnsext-dns0x20),
   * the query's Client Subnet option appended with scope 0 when it has one, and a two-byte length in
   * front for TCP.
   */
  ByteBuf patch(ByteBuf query, byte[] cached, ByteBufAllocator alloc, boolean tcp) {
    int base = query.readerIndex();
    int length = cached.length + subnetLength;
    ByteBuf out = alloc.ioBuffer(length + (tcp ? 2 : 0));
    if (tcp) {
      out.writeShort(length);
    }
    int o = out.writerIndex();
    out.writeBytes(cached);
    out.setShort(o, query.getShort(base));
    out.setByte(o + 2, (cached[2] & ~0x01) | (query.getByte(base + 2) & 0x01));
    out.setByte(o + 3, (cached[3] & ~0x10) | (query.getByte(base + 3) & 0x10));
    out.setBytes(o + QueryResponder.HEADER_LENGTH, query, base + QueryResponder.HEADER_LENGTH, questionLength);
    if (subnetLength > 0) {
      // A cached answer to an EDNS query ends with our OPT record and its RDLENGTH of 0.
      out.setShort(o + cached.length - 2, subnetLength);
      out.writeBytes(query, subnetStart, subnetLength);
      out.setByte(o + cached.length + 7, 0); // SCOPE PREFIX-LENGTH: the answer is the same for all
    }
    return out;
  }
}
