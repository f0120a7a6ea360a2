package dev.meridian.dns.zone;

import java.util.List;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;

/**
 * The sections of a response to one question, before they are put on the wire.
 *
 * @param rcode {@link Rcode#NOERROR}, {@link Rcode#NXDOMAIN}, {@link Rcode#REFUSED} or {@link
 *     Rcode#SERVFAIL}
 * @param authoritative the AA bit: off for referrals and refusals
 * @param steered true when the answer came from geo-steering: it depends on the client, so it is
 *     never cached as wire bytes, and its ECS scope is the client's
 */
public record Answer(
    int rcode,
    boolean authoritative,
    List<Record> answer,
    List<Record> authority,
    List<Record> additional,
    boolean steered) {

  public Answer {
    answer = List.copyOf(answer);
    authority = List.copyOf(authority);
    additional = List.copyOf(additional);
  }

  static Answer refused() {
    return new Answer(Rcode.REFUSED, false, List.of(), List.of(), List.of(), false);
  }
}
