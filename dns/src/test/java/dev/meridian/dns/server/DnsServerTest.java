package dev.meridian.dns.server;

import static dev.meridian.dns.Fixtures.name;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The server on real sockets, queried with dnsjava messages over UDP and TCP. */
class DnsServerTest {

  private static ServerFixture fixture;
  private static DnsClient client;

  @BeforeAll
  static void start() throws IOException {
    fixture = new ServerFixture();
    client = new DnsClient(fixture.port());
  }

  @AfterAll
  static void stop() {
    client.close();
    fixture.close();
  }

  static Message query(String qname, int type) {
    Message query = Message.newQuery(Record.newRecord(name(qname), type, DClass.IN));
    query.getHeader().unsetFlag(Flags.RD);
    return query;
  }

  static Message edns(Message query, int payload, int flags, EDNSOption... options) {
    query.addRecord(new OPTRecord(payload, 0, 0, flags, options), Section.ADDITIONAL);
    return query;
  }

  static Message udp(Message query) throws IOException {
    Message response = new Message(client.udp(query.toWire()));
    assertEquals(query.getHeader().getID(), response.getHeader().getID());
    return response;
  }

  static Message tcp(Message query) throws IOException {
    return new Message(client.tcp(query.toWire()));
  }

  static List<String> answers(Message response) {
    return response.getSection(Section.ANSWER).stream().map(r -> Type.string(r.getType()) + " " + r.rdataToString()).toList();
  }

  @Test
  void everyRecordTypeOverUdpAndTcp() throws IOException {
    for (boolean overTcp : new boolean[] {false, true}) {
      String how = overTcp ? "TCP" : "UDP";
      record Case(String qname, int type, List<String> expected) {}
      for (Case c : List.of(
          new Case("example.com.", Type.A, List.of("A 192.0.2.1")),
          new Case("example.com.", Type.AAAA, List.of("AAAA 2001:db8:0:0:0:0:0:1")),
          new Case("example.com.", Type.TXT, List.of("TXT \"v=spf1 -all\"")),
          new Case("example.com.", Type.CAA, List.of("CAA 0 issue \"letsencrypt.org\"")),
          new Case("example.com.", Type.NS, List.of("NS ns1.example.com.", "NS ns2.example.com.")),
          new Case("example.com.", Type.SOA,
              List.of("SOA ns1.example.com. hostmaster.example.com. 2026112901 7200 3600 1209600 300")),
          new Case("web.example.com.", Type.CNAME, List.of("CNAME host.example.com.")),
          new Case("www.example.com.", Type.A, List.of("CNAME web.example.com.", "CNAME host.example.com.",
              "A 192.0.2.10", "A 192.0.2.11")),
          new Case("a.wild.example.com.", Type.A, List.of("A 192.0.2.99")))) {
        Message q = query(c.qname(), c.type());
        Message response = overTcp ? tcp(q) : udp(q);
        assertEquals(Rcode.NOERROR, response.getRcode(), how + " " + c);
        assertTrue(response.getHeader().getFlag(Flags.AA), how + " " + c);
        assertTrue(response.getHeader().getFlag(Flags.QR));
        assertFalse(response.getHeader().getFlag(Flags.RD), "RD is copied from the query");
        assertEquals(c.expected(), answers(response), how + " " + c);
      }
    }
  }

  @Test
  void negativeAnswersReferralsAndRefusals() throws IOException {
    Message nx = udp(query("missing.example.com.", Type.A));
    assertEquals(Rcode.NXDOMAIN, nx.getRcode());
    assertEquals(Type.SOA, nx.getSection(Section.AUTHORITY).getFirst().getType());
    Message nodata = udp(query("host.example.com.", Type.MX));
    assertEquals(Rcode.NOERROR, nodata.getRcode());
    assertTrue(nodata.getSection(Section.ANSWER).isEmpty());
    assertEquals(Type.SOA, nodata.getSection(Section.AUTHORITY).getFirst().getType());
    Message referral = udp(query("www.sub.example.com.", Type.A));
    assertFalse(referral.getHeader().getFlag(Flags.AA));
    assertEquals(2, referral.getSection(Section.AUTHORITY).size());
    assertEquals("192.0.2.200", referral.getSection(Section.ADDITIONAL).getFirst().rdataToString());
    Message refused = udp(query("www.example.org.", Type.A));
    assertEquals(Rcode.REFUSED, refused.getRcode());
    assertEquals(Rcode.REFUSED, udp(Message.newQuery(Record.newRecord(name("example.com."), Type.TXT, DClass.CH))).getRcode());
    assertEquals(Rcode.REFUSED, tcp(query("example.com.", Type.AXFR)).getRcode(), "no zone transfers");
  }

  @Test
  void malformedQueriesGetFormerrAndOtherOpcodesNotimp() throws IOException {
    byte[] valid = query("example.com.", Type.A).toWire();
    byte[] truncated = Arrays.copyOf(valid, valid.length - 3);
    Message formerr = new Message(client.udp(truncated));
    assertEquals(Rcode.FORMERR, formerr.getRcode());
    assertEquals((valid[0] & 0xff) << 8 | (valid[1] & 0xff), formerr.getHeader().getID());
    assertEquals(Rcode.FORMERR, new Message(client.tcp(truncated)).getRcode());

    Message two = query("example.com.", Type.A);
    two.addRecord(Record.newRecord(name("example.com."), Type.AAAA, DClass.IN), Section.QUESTION);
    assertEquals(Rcode.FORMERR, udp(two).getRcode(), "exactly one question");

    Message status = query("example.com.", Type.A);
    status.getHeader().setOpcode(Opcode.STATUS);
    assertEquals(Rcode.NOTIMP, udp(status).getRcode());
    Message update = query("example.com.", Type.SOA);
    update.getHeader().setOpcode(Opcode.UPDATE);
    assertEquals(Rcode.NOTIMP, udp(update).getRcode());
  }

  @Test
  void aResponseIsNeverAnswered() throws IOException {
    Message response = query("example.com.", Type.A);
    response.getHeader().setFlag(Flags.QR);
    client.send(response.toWire());
    client.send(new byte[5]);
    Message next = query("example.com.", Type.A);
    client.send(next.toWire());
    assertEquals(next.getHeader().getID(), new Message(client.receive()).getHeader().getID(),
        "the first datagram back answers the valid query: the response and the 5 bytes got none");
  }

  @Test
  void ednsIsEchoedAndANewerVersionIsBadvers() throws IOException {
    Message response = udp(edns(query("example.com.", Type.A), 4096, ExtendedFlags.DO));
    OPTRecord opt = response.getOPT();
    assertNotNull(opt);
    assertEquals(QueryResponder.UDP_PAYLOAD_SIZE, opt.getPayloadSize());
    assertEquals(ExtendedFlags.DO, opt.getFlags() & ExtendedFlags.DO, "DO copied (RFC 3225)");
    assertNull(udp(query("example.com.", Type.A)).getOPT(), "no OPT without one in the query");

    Message v1 = query("example.com.", Type.A);
    v1.addRecord(new OPTRecord(1232, 0, 1, 0), Section.ADDITIONAL);
    assertEquals(Rcode.BADVERS, udp(v1).getRcode());
  }

  @Test
  void aLongAnswerIsTruncatedOverUdpAndWholeOverTcp() throws IOException {
    Message classic = udp(query("big.example.com.", Type.TXT));
    assertTrue(classic.getHeader().getFlag(Flags.TC), "over 512 bytes without EDNS");
    assertTrue(classic.getSection(Section.ANSWER).isEmpty());
    Message small = udp(edns(query("big.example.com.", Type.TXT), 512, 0));
    assertTrue(small.getHeader().getFlag(Flags.TC), "EDNS payload 512");
    assertNotNull(small.getOPT());
    Message large = udp(edns(query("big.example.com.", Type.TXT), 1232, 0));
    assertFalse(large.getHeader().getFlag(Flags.TC));
    assertEquals(6, large.getSection(Section.ANSWER).size());
    Message overTcp = tcp(query("big.example.com.", Type.TXT));
    assertFalse(overTcp.getHeader().getFlag(Flags.TC));
    assertEquals(6, overTcp.getSection(Section.ANSWER).size());
  }

  @Test
  void clientSubnetSteersAndIsEchoedWithItsScope() throws IOException {
    Message eu = udp(edns(query("app.example.com.", Type.A), 1232, 0,
        new ClientSubnetOption(24, ServerFixture.address("198.51.100.0"))));
    assertEquals(List.of("A 192.0.2.101"), answers(eu));
    assertEquals(30, eu.getSection(Section.ANSWER).getFirst().getTTL());
    ClientSubnetOption echo = (ClientSubnetOption) eu.getOPT().getOptions(EDNSOption.Code.CLIENT_SUBNET).getFirst();
    assertEquals(24, echo.getSourcePrefixLength());
    assertEquals(24, echo.getScopePrefixLength());
    assertEquals(ServerFixture.address("198.51.100.0"), echo.getAddress());

    Message us = udp(edns(query("app.example.com.", Type.A), 1232, 0,
        new ClientSubnetOption(24, ServerFixture.address("203.0.113.0"))));
    assertEquals(List.of("A 192.0.2.103"), answers(us));

    Message stat = udp(edns(query("example.com.", Type.A), 1232, 0,
        new ClientSubnetOption(24, ServerFixture.address("203.0.113.0"))));
    ClientSubnetOption staticEcho =
        (ClientSubnetOption) stat.getOPT().getOptions(EDNSOption.Code.CLIENT_SUBNET).getFirst();
    assertEquals(0, staticEcho.getScopePrefixLength(), "the answer is the same for every client");
  }

  @Test
  void anUnhealthyPopLeavesTheAnswerAtOnce() throws IOException {
    Message eu = edns(query("app.example.com.", Type.A), 1232, 0,
        new ClientSubnetOption(24, ServerFixture.address("198.51.100.0")));
    try {
      fixture.pops.markUnhealthy("fra");
      assertEquals(List.of("A 192.0.2.103"), answers(udp(eu)));
    } finally {
      fixture.pops.reportHealthy("fra");
    }
    assertEquals(List.of("A 192.0.2.101"), answers(udp(eu)));
  }

  @Test
  void cachedAnswersGetTheQueryIdAndTheCaseOfItsName() throws IOException {
    udp(query("host.example.com.", Type.A));
    assertTrue(fixture.server.cachedAnswers() > 0);
    Message mixed = query("HoSt.ExAmPlE.cOm.", Type.A);
    mixed.getHeader().setFlag(Flags.RD);
    byte[] raw = client.udp(mixed.toWire());
    Message response = new Message(raw);
    assertEquals(mixed.getHeader().getID(), response.getHeader().getID());
    assertTrue(response.getHeader().getFlag(Flags.RD));
    assertEquals("HoSt.ExAmPlE.cOm.", response.getQuestion().getName().toString());
    assertEquals(List.of("A 192.0.2.10", "A 192.0.2.11"), answers(response).stream().sorted().toList());
  }

  @Test
  void aCachedAnswerIsByteForByteTheAnswerOfTheFullPath() throws IOException {
    try (ServerFixture fresh = new ServerFixture(); DnsClient own = new DnsClient(fresh.port())) {
      List<Message> queries = new java.util.ArrayList<>();
      for (String qname : List.of("www.example.com.", "MiSsInG.example.com.", "x.wild.example.com.", "www.sub.example.com.",
          "example.org.", "big.example.com.")) {
        int type = qname.startsWith("big") ? Type.TXT : Type.A;
        queries.add(query(qname, type));
        queries.add(edns(query(qname, type), 1232, ExtendedFlags.DO));
        queries.add(edns(query(qname, type), 512, 0, new ClientSubnetOption(24, ServerFixture.address("198.51.100.0"))));
        queries.add(edns(query(qname, type), 1232, 0, new ClientSubnetOption(56, ServerFixture.address("2001:db8:1:200::"))));
      }
      for (Message q : queries) {
        byte[] fullPath = own.udp(q.toWire());
        byte[] fromCache = own.udp(q.toWire());
        assertArrayEquals(fullPath, fromCache, q.getQuestion() + " " + q.getOPT());
        assertArrayEquals(own.tcp(q.toWire()), own.tcp(q.toWire()), "over TCP: " + q.getQuestion());
      }
      assertTrue(fresh.server.cachedAnswers() >= 12, "answers with and without ECS share entries");
    }
  }

  @Test
  void aCachedAnswerEchoesEachClientsSubnet() throws IOException {
    for (String subnet : List.of("198.51.100.0", "203.0.113.0", "192.0.2.0")) {
      Message response = udp(edns(query("host.example.com.", Type.A), 1232, 0,
          new ClientSubnetOption(24, ServerFixture.address(subnet))));
      ClientSubnetOption echo = (ClientSubnetOption) response.getOPT().getOptions(EDNSOption.Code.CLIENT_SUBNET).getFirst();
      assertEquals(ServerFixture.address(subnet), echo.getAddress());
      assertEquals(0, echo.getScopePrefixLength());
      assertEquals(List.of("A 192.0.2.10", "A 192.0.2.11"), answers(response));
    }
  }

  @Test
  void changesTakeEffectForTheNextQuery() throws IOException {
    Message ask = query("_acme-challenge.host.example.com.", Type.TXT);
    assertEquals(Rcode.NXDOMAIN, udp(ask).getRcode());
    fixture.authority.addTxt(name("_acme-challenge.host.example.com."), "abc123");
    assertEquals(List.of("TXT abc123"), answers(udp(query("_acme-challenge.host.example.com.", Type.TXT))));
    fixture.authority.removeTxt(name("_acme-challenge.host.example.com."), "abc123");
    assertEquals(Rcode.NXDOMAIN, udp(query("_acme-challenge.host.example.com.", Type.TXT)).getRcode());
  }

  @Test
  void aTcpClientThatDoesNotReadIsPausedAndResumed() throws Exception {
    int count = 50_000; // ~1.7 MB of answers: far past socket buffers and the write high-water mark
    byte[] one = query("host.example.com.", Type.A).toWire();
    assertTimeoutPreemptively(java.time.Duration.ofSeconds(60), () -> {
      try (Socket slow = client.connect()) {
        slow.setSoTimeout(0);
        Thread writer = Thread.ofVirtual().start(() -> {
          try {
            java.io.DataOutputStream out = new java.io.DataOutputStream(
                new java.io.BufferedOutputStream(slow.getOutputStream()));
            for (int i = 0; i < count; i++) {
              out.writeShort(one.length);
              out.write(one);
            }
            out.flush();
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
        // Meanwhile the server answers others.
        assertEquals(Rcode.NOERROR, tcp(query("example.com.", Type.A)).getRcode());
        java.io.DataInputStream in = new java.io.DataInputStream(new java.io.BufferedInputStream(slow.getInputStream()));
        for (int i = 0; i < count; i++) {
          byte[] answer = new byte[in.readUnsignedShort()];
          in.readFully(answer);
          assertEquals(one[0], answer[0]);
        }
        writer.join();
      }
    });
  }

  @Test
  void tcpCarriesSeveralQueriesOnOneConnection() throws IOException {
    try (Socket socket = client.connect()) {
      for (String qname : List.of("example.com.", "host.example.com.", "missing.example.com.")) {
        Message q = query(qname, Type.A);
        Message response = new Message(DnsClient.tcpOn(socket, q.toWire()));
        assertEquals(q.getHeader().getID(), response.getHeader().getID());
      }
      assertNull(DnsClient.tcpOn(socket, new byte[3]), "bytes that are no query close the connection");
    }
  }
}
