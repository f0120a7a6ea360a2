package dev.meridian.dns.server;

import dev.meridian.dns.steer.GeoLocator;
import dev.meridian.dns.steer.Steering;
import dev.meridian.dns.zone.Answer;
import dev.meridian.dns.zone.Authority;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Turns one query into one response, with every check; the slow path behind {@link WireCache}.
 *
 * <table>
 *   <caption>What a query gets</caption>
 *   <tr><th>query</th><th>response</th></tr>
 *   <tr><td>shorter than a header (12 bytes), or a response (QR set)</td><td>none (no reflection)</td></tr>
 *   <tr><td>opcode other than QUERY</td><td>NOTIMP, header only</td></tr>
 *   <tr><td>unparseable, not exactly one question, records in answer/authority, two OPTs, a bad ECS
 *       option, a meta type as QTYPE</td><td>FORMERR, header only or with the question</td></tr>
 *   <tr><td>EDNS version above 0</td><td>BADVERS (RFC 6891 §6.1.3)</td></tr>
 *   <tr><td>class other than IN, AXFR/IXFR, a name outside our zones</td><td>REFUSED</td></tr>
 *   <tr><td>anything else</td><td>the {@link Authority}'s answer</td></tr>
 * </table>
 *
 * <p>A query with an OPT record gets one back with our payload size ({@value #UDP_PAYLOAD_SIZE},
 * the 2020 DNS flag day value), its DO bit copied, and its Client Subnet option echoed with the scope
 * prefix set (RFC 7871 §7.2): 0 for answers that do not depend on the client, the prefix length of
 * the located network for steered answers.
 */
public final class QueryResponder {

  /** The EDNS(0) UDP payload size we advertise, and the most we send over UDP. */
  public static final int UDP_PAYLOAD_SIZE = 1232;

  /** The UDP limit of a client without EDNS (RFC 1035 §4.2.1). */
  public static final int CLASSIC_UDP_LIMIT = 512;

  static final int HEADER_LENGTH = 12;

  /**
   * A response, in full and, when it is longer than {@value #CLASSIC_UDP_LIMIT} bytes, truncated (TC
   * set, the question and OPT only) for UDP clients whose limit it exceeds.
   *
   * @param cacheable true when the bytes depend only on the question and the EDNS shape (ID, RD, CD
   *     and the question name's case get patched)
   * @param withoutClientSubnet for a query with a Client Subnet option whose answer does not depend
   *     on the client: the same reply without the option, which the cache keeps (a hit appends the
   *     asking query's option with scope 0); null otherwise
   */
  public record Reply(byte[] full, byte @Nullable [] truncated, boolean cacheable, @Nullable Reply withoutClientSubnet) {

    /** The bytes to send to a client that accepts {@code limit} bytes. */
    public byte[] forLimit(int limit) {
      return full.length <= limit || truncated == null ? full : truncated;
    }
  }

  private final Authority authority;
  private final Steering steering;

  public QueryResponder(Authority authority, Steering steering) {
    this.authority = authority;
    this.steering = steering;
  }

  /** The response to {@code query} from {@code source}; null when none is due. Never throws. */
  public @Nullable Reply respond(byte[] query, InetAddress source) {
    if (query.length < HEADER_LENGTH) {
      return null;
    }
    int id = ((query[0] & 0xff) << 8) | (query[1] & 0xff);
    int flags = ((query[2] & 0xff) << 8) | (query[3] & 0xff);
    if ((flags & 0x8000) != 0) {
      return null;
    }
    int opcode = (flags >> 11) & 0xf;
    if (opcode != Opcode.QUERY) {
      return headerOnly(id, flags, Rcode.NOTIMP);
    }
    Message message;
    try {
      message = new Message(query);
    } catch (IOException | RuntimeException e) {
      return headerOnly(id, flags, Rcode.FORMERR);
    }
    Header header = message.getHeader();
    Record question = message.getQuestion();
    if (question == null || header.getCount(Section.QUESTION) != 1 || header.getCount(Section.ANSWER) != 0
        || header.getCount(Section.AUTHORITY) != 0 || countOpt(message) > 1) {
      return headerOnly(id, flags, Rcode.FORMERR);
    }
    OPTRecord opt = message.getOPT();
    if (opt != null && opt.getVersion() > 0) {
      Message response = reply(message, Rcode.BADVERS & 0xf, false);
      response.addRecord(new OPTRecord(UDP_PAYLOAD_SIZE, Rcode.BADVERS >>> 4, 0, opt.getFlags() & ExtendedFlags.DO),
          Section.ADDITIONAL);
      return finish(response, false, null);
    }
    int qtype = question.getType();
    if (qtype == Type.OPT || qtype == Type.TSIG || qtype == Type.TKEY) {
      return finish(withOpt(reply(message, Rcode.FORMERR, false), opt, null), false, null);
    }
    ClientSubnetOption ecs = clientSubnet(opt);
    // Zone transfers and the obsolete MAILB/MAILA are not served (RFC 8482 keeps ANY).
    if (question.getDClass() != DClass.IN || (qtype >= Type.IXFR && qtype <= Type.MAILA)) {
      return finish(reply(message, Rcode.REFUSED, false), opt, ecs, 0, true);
    }
    GeoLocator.Match match = locate(ecs, source);
    Answer answer = authority.answer(question.getName(), qtype,
        steering.addressesFor(match == null ? null : match.location()));
    Message response = reply(message, answer.rcode(), answer.authoritative());
    add(response, answer.answer(), Section.ANSWER);
    add(response, answer.authority(), Section.AUTHORITY);
    add(response, answer.additional(), Section.ADDITIONAL);
    int scope = 0;
    if (answer.steered() && ecs != null && ecs.getSourcePrefixLength() > 0) {
      scope = match == null ? ecs.getSourcePrefixLength() : match.prefixLength();
    }
    return finish(response, opt, ecs, scope, !answer.steered());
  }

  /** Adds the OPT record (with the ECS echo) and serialises; keeps an ECS-free form to cache when allowed. */
  private static Reply finish(Message response, @Nullable OPTRecord opt, @Nullable ClientSubnetOption ecs, int scope,
      boolean clientIndependent) {
    if (!clientIndependent) {
      return finish(withOpt(response, opt, echo(ecs, scope)), false, null);
    }
    if (ecs == null) {
      return finish(withOpt(response, opt, null), true, null);
    }
    Reply base = finish(withOpt(response.clone(), opt, null), true, null);
    return finish(withOpt(response, opt, echo(ecs, 0)), false, base);
  }

  private GeoLocator.@Nullable Match locate(@Nullable ClientSubnetOption ecs, InetAddress source) {
    // Source prefix 0 is the client opting out (RFC 7871 §7.1.2): use the resolver's address.
    InetAddress client = ecs != null && ecs.getSourcePrefixLength() > 0 ? ecs.getAddress() : source;
    return steering.locate(client);
  }

  private static @Nullable ClientSubnetOption clientSubnet(@Nullable OPTRecord opt) {
    if (opt == null) {
      return null;
    }
    List<EDNSOption> options = opt.getOptions(EDNSOption.Code.CLIENT_SUBNET);
    return options.isEmpty() ? null : (ClientSubnetOption) options.getFirst();
  }

  private static @Nullable ClientSubnetOption echo(@Nullable ClientSubnetOption ecs, int scope) {
    if (ecs == null) {
      return null;
    }
    int max = ecs.getFamily() == 1 ? 32 : 128;
    return new ClientSubnetOption(ecs.getSourcePrefixLength(), Math.min(scope, max), ecs.getAddress());
  }

  private static int countOpt(Message message) {
    int count = 0;
    for (Record record : message.getSection(Section.ADDITIONAL)) {
      if (record.getType() == Type.OPT) {
        count++;
      }
    }
    return count;
  }

  private static Message reply(Message query, int rcode, boolean authoritative) {
    Header queryHeader = query.getHeader();
    Message response = new Message(queryHeader.getID());
    Header header = response.getHeader();
    header.setFlag(Flags.QR);
    if (authoritative) {
      header.setFlag(Flags.AA);
    }
    if (queryHeader.getFlag(Flags.RD)) {
      header.setFlag(Flags.RD);
    }
    if (queryHeader.getFlag(Flags.CD)) {
      header.setFlag(Flags.CD);
    }
    header.setRcode(rcode);
    response.addRecord(query.getQuestion(), Section.QUESTION);
    return response;
  }

  private static Message withOpt(Message response, @Nullable OPTRecord queryOpt, @Nullable ClientSubnetOption ecs) {
    if (queryOpt != null) {
      int flags = queryOpt.getFlags() & ExtendedFlags.DO;
      OPTRecord opt = ecs == null
          ? new OPTRecord(UDP_PAYLOAD_SIZE, 0, 0, flags)
          : new OPTRecord(UDP_PAYLOAD_SIZE, 0, 0, flags, ecs);
      response.addRecord(opt, Section.ADDITIONAL);
    }
    return response;
  }

  private static void add(Message response, List<Record> records, int section) {
    for (Record record : records) {
      response.addRecord(record, section);
    }
  }

  private static Reply finish(Message response, boolean cacheable, @Nullable Reply withoutClientSubnet) {
    byte[] full = response.toWire();
    byte[] truncated = null;
    if (full.length > CLASSIC_UDP_LIMIT) {
      Header source = response.getHeader();
      Message tc = new Message(source.getID());
      Header header = tc.getHeader();
      for (int flag : new int[] {Flags.QR, Flags.AA, Flags.RD, Flags.CD}) {
        if (source.getFlag(flag)) {
          header.setFlag(flag);
        }
      }
      header.setFlag(Flags.TC);
      header.setRcode(source.getRcode());
      tc.addRecord(response.getQuestion(), Section.QUESTION);
      OPTRecord opt = response.getOPT();
      if (opt != null) {
        tc.addRecord(opt, Section.ADDITIONAL);
      }
      truncated = tc.toWire();
    }
    return new Reply(full, truncated, cacheable, withoutClientSubnet);
  }

  /** A response with the header alone: for queries whose question cannot be trusted. */
  private static Reply headerOnly(int id, int queryFlags, int rcode) {
    int opcode = (queryFlags >> 11) & 0xf;
    int flags = 0x8000 | (opcode << 11) | (queryFlags & 0x0100) | (rcode & 0xf);
    byte[] wire = new byte[HEADER_LENGTH];
    wire[0] = (byte) (id >>> 8);
    wire[1] = (byte) id;
    wire[2] = (byte) (flags >>> 8);
    wire[3] = (byte) flags;
    return new Reply(wire, null, false, null);
  }
}
