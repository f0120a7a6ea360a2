package dev.meridian.dns.server;

import static dev.meridian.dns.Fixtures.name;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.io.IOException;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The handler on an {@link EmbeddedChannel}: which bucket a response falls in, and what a slip looks like. */
class ResponseRateLimitHandlerTest {

  private static final InetSocketAddress CLIENT = new InetSocketAddress(ServerFixture.address("192.0.2.1"), 5300);

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final DnsMetrics metrics = new DnsMetrics(meters, () -> 0);
  // One response a second, every second limited one slipped; the clock stands still.
  private final EmbeddedChannel channel = new EmbeddedChannel(new ResponseRateLimitHandler(
      new ResponseRateLimiter(new RateLimit(1, 2), 1 << 10, () -> 0L, 0), metrics));

  @AfterEach
  void close() {
    channel.finishAndReleaseAll();
  }

  private static byte[] response(String qname, int rcode) {
    Message response = new Message(7);
    response.getHeader().setFlag(Flags.QR);
    response.getHeader().setRcode(rcode);
    response.addRecord(Record.newRecord(name(qname), Type.A, DClass.IN), Section.QUESTION);
    if (rcode == Rcode.NOERROR) {
      response.addRecord(new ARecord(name(qname.toLowerCase()), DClass.IN, 60, ServerFixture.address("192.0.2.10")),
          Section.ANSWER);
    }
    return response.toWire();
  }

  /** What the client receives for {@code wire}, or null when it is dropped. */
  private Message send(byte[] wire) throws IOException {
    channel.writeOutbound(new DatagramPacket(Unpooled.wrappedBuffer(wire), CLIENT));
    DatagramPacket sent = channel.readOutbound();
    if (sent == null) {
      return null;
    }
    try {
      return new Message(ByteBufUtil.getBytes(sent.content()));
    } finally {
      sent.release();
    }
  }

  @Test
  void pastTheRateResponsesAreDroppedAndEverySecondOneTruncated() throws IOException {
    byte[] answer = response("www.example.com.", Rcode.NOERROR);
    assertEquals(1, send(answer).getSection(Section.ANSWER).size());
    assertNull(send(answer));
    Message slipped = send(answer);
    assertTrue(slipped.getHeader().getFlag(Flags.TC));
    assertEquals(7, slipped.getHeader().getID());
    assertEquals(name("www.example.com."), slipped.getQuestion().getName());
    assertTrue(slipped.getSection(Section.ANSWER).isEmpty());
    assertEquals(1, meters.get("dns.responses.slipped").counter().count());
    assertEquals(1, meters.get("dns.queries.dropped").tag("reason", "rate_limited").counter().count());
  }

  @Test
  void answersAreLimitedByNameAndTypeInAnyCase() throws IOException {
    assertFalse(send(response("www.example.com.", Rcode.NOERROR)) == null);
    assertNull(send(response("WWW.Example.COM.", Rcode.NOERROR)), "the same name");
    assertFalse(send(response("mail.example.com.", Rcode.NOERROR)) == null, "another name");
  }

  @Test
  void nxdomainsShareOneBucketAndErrorsAnother() throws IOException {
    assertEquals(Rcode.NXDOMAIN, send(response("a.example.com.", Rcode.NXDOMAIN)).getRcode());
    assertNull(send(response("b.example.com.", Rcode.NXDOMAIN)), "random names are one kind");
    assertEquals(Rcode.REFUSED, send(response("a.example.org.", Rcode.REFUSED)).getRcode());
    assertNull(send(response("b.example.net.", Rcode.FORMERR)));
    Message headerOnly = send(new byte[] {0, 9, (byte) 0x80, Rcode.FORMERR, 0, 0, 0, 0, 0, 0, 0, 0});
    assertTrue(headerOnly.getHeader().getFlag(Flags.TC), "slipped, and still a header");
    assertEquals(9, headerOnly.getHeader().getID());
  }
}
