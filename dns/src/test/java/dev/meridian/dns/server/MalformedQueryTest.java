package dev.meridian.dns.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.dns.Fixtures;
import dev.meridian.dns.steer.CidrTable;
import dev.meridian.dns.steer.PopDirectory;
import dev.meridian.dns.steer.Steering;
import dev.meridian.dns.zone.Authority;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Fuzzing: random bytes and valid queries truncated or with bytes changed, first straight into the
 * answer step (many cases, no sockets), then over UDP and TCP to a running server. Nothing may
 * escape, a query whose header can be read gets a response with its ID, an unparseable QUERY gets
 * FORMERR, and a valid query is answered afterwards.
 */
class MalformedQueryTest {

  private static final List<byte[]> VALID = validQueries();

  private static List<byte[]> validQueries() {
    List<byte[]> queries = new ArrayList<>();
    int[] types = {Type.A, Type.AAAA, Type.TXT, Type.CNAME, Type.CAA, Type.NS, Type.SOA, Type.MX};
    String[] names = {"example.com.", "www.example.com.", "a.wild.example.com.", "missing.example.com.",
        "www.sub.example.com.", "big.example.com.", "app.example.com.", "example.org."};
    for (int i = 0; i < names.length; i++) {
      Message plain = Message.newQuery(Record.newRecord(Fixtures.name(names[i]), types[i], DClass.IN));
      queries.add(plain.toWire());
      Message withEdns = Message.newQuery(Record.newRecord(Fixtures.name(names[i]), types[(i + 3) % types.length], DClass.IN));
      withEdns.addRecord(new OPTRecord(1232, 0, 0, 0,
          new ClientSubnetOption(24, ServerFixture.address("198.51.100.0"))), Section.ADDITIONAL);
      queries.add(withEdns.toWire());
    }
    return queries;
  }

  private final AnswerCache answers = answerCache();

  private static AnswerCache answerCache() {
    Authority authority = new Authority();
    authority.putZone(Fixtures.exampleZone());
    authority.publishSteered(Fixtures.name("app.example.com."));
    Steering steering = new Steering(new CidrTable(List.of()), new PopDirectory());
    return new AnswerCache(authority, new QueryResponder(authority, steering), 1000, new SimpleMeterRegistry());
  }

  @Provide
  Arbitrary<byte[]> mutatedQueries() {
    Arbitrary<byte[]> valid = Arbitraries.of(VALID);
    Arbitrary<byte[]> truncated = Combinators.combine(valid, Arbitraries.doubles().between(0, 1))
        .as((q, f) -> Arrays.copyOf(q, (int) (q.length * f)));
    Arbitrary<byte[]> flipped = Combinators.combine(valid, Arbitraries.integers().between(0, 10_000).list().ofMaxSize(6),
            Arbitraries.bytes().list().ofSize(6))
        .as((q, positions, values) -> {
          byte[] copy = q.clone();
          for (int i = 0; i < positions.size(); i++) {
            copy[positions.get(i) % copy.length] = values.get(i);
          }
          return copy;
        });
    Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(600);
    return Arbitraries.oneOf(truncated, flipped, random);
  }

  /** Answers as the server would over the transport; checks what must hold for any input. */
  private static void check(byte[] query, byte @org.jspecify.annotations.Nullable [] response) throws IOException {
    boolean headerReadable = query.length >= QueryResponder.HEADER_LENGTH;
    boolean isQuery = headerReadable && (query[2] & 0x80) == 0;
    if (!isQuery) {
      assertNull(response, "no response to fewer than 12 bytes or to a response");
      return;
    }
    assertNotNull(response, "a readable query header gets a response");
    Message parsed = new Message(response); // our own output must always parse
    assertEquals((query[0] & 0xff) << 8 | (query[1] & 0xff), parsed.getHeader().getID());
    assertTrue(parsed.getHeader().getFlag(org.xbill.DNS.Flags.QR));
    int opcode = (query[2] >> 3) & 0xf;
    boolean parses;
    try {
      new Message(query);
      parses = true;
    } catch (IOException | RuntimeException e) {
      parses = false;
    }
    if (opcode == 0 && !parses) {
      assertEquals(Rcode.FORMERR, parsed.getRcode());
    }
    if (opcode != 0) {
      assertEquals(Rcode.NOTIMP, parsed.getRcode());
    }
  }

  private byte @org.jspecify.annotations.Nullable [] answer(byte[] query, boolean udp) {
    ByteBuf in = Unpooled.wrappedBuffer(query);
    ByteBuf out = answers.answer(in, InetAddress.getLoopbackAddress(), udp, UnpooledByteBufAllocator.DEFAULT, new QueryProbe());
    if (out == null) {
      return null;
    }
    try {
      if (!udp) {
        out.skipBytes(2);
      }
      return ByteBufUtil.getBytes(out);
    } finally {
      out.release();
    }
  }

  @Property(tries = 3000)
  void anyInputGetsAWellFormedAnswerOrNone(@ForAll("mutatedQueries") byte[] query) throws IOException {
    check(query, answer(query, true));
    check(query, answer(query, false));
  }

  @Property(tries = 300)
  void aBadClientSubnetOptionIsFormerr(@ForAll("badSubnets") Tuple.Tuple2<Integer, byte[]> subnet) throws IOException {
    // The name's answer is cached first: a bad option must be caught on the cache's path too.
    Message good = Message.newQuery(Record.newRecord(Fixtures.name("example.com."), Type.A, DClass.IN));
    good.addRecord(new OPTRecord(1232, 0, 0, 0, new ClientSubnetOption(24, ServerFixture.address("198.51.100.0"))),
        Section.ADDITIONAL);
    assertEquals(Rcode.NOERROR, new Message(answer(good.toWire(), true)).getRcode());
    assertEquals(Rcode.NOERROR, new Message(answer(good.toWire(), true)).getRcode());
    Message query = Message.newQuery(Record.newRecord(Fixtures.name("example.com."), Type.A, DClass.IN));
    byte[] data = new byte[4 + subnet.get2().length];
    data[1] = 1; // family IPv4
    data[2] = subnet.get1().byteValue();
    System.arraycopy(subnet.get2(), 0, data, 4, subnet.get2().length);
    query.addRecord(new OPTRecord(1232, 0, 0, 0, new GenericOption(EDNSOption.Code.CLIENT_SUBNET, data)), Section.ADDITIONAL);
    byte[] response = answer(query.toWire(), true);
    assertNotNull(response);
    assertEquals(Rcode.FORMERR, new Message(response).getRcode());
  }

  @Provide
  Arbitrary<Tuple.Tuple2<Integer, byte[]>> badSubnets() {
    // Address bytes that do not match the source prefix (RFC 7871 §6: too many, or bits set past it).
    return Combinators.combine(Arbitraries.integers().between(1, 23), Arbitraries.bytes().array(byte[].class).ofSize(4))
        .as((prefix, address) -> {
          address[3] |= 1;
          return Tuple.of(prefix, address);
        });
  }

  /** An EDNS option with raw bytes, to send what a well-behaved encoder never would. */
  private static final class GenericOption extends org.xbill.DNS.GenericEDNSOption {
    GenericOption(int code, byte[] data) {
      super(code, data);
    }
  }

  @Test
  void overTheWireNothingStopsTheServer() throws IOException {
    try (ServerFixture fixture = new ServerFixture(); DnsClient client = new DnsClient(fixture.port())) {
      Random random = new Random(20261129);
      for (int i = 0; i < 2000; i++) {
        client.send(mutate(random));
      }
      Message probe = Message.newQuery(Record.newRecord(Fixtures.name("host.example.com."), Type.A, DClass.IN));
      // 2000 answers can overflow this client's receive buffer (UDP drops, by design): read what came,
      // then ask again until the probe's answer arrives; a server that stopped answering fails here.
      Message response = null;
      for (int attempt = 0; attempt < 5 && response == null; attempt++) {
        client.send(probe.toWire());
        response = awaitAnswer(client, probe);
      }
      assertNotNull(response, "the server answers a valid query after the garbage");
      assertEquals(2, response.getSection(Section.ANSWER).size());

      for (int i = 0; i < 200; i++) {
        try (Socket socket = client.connect()) {
          byte[] garbage = mutate(random);
          byte[] reply = DnsClient.tcpOn(socket, garbage);
          if (reply != null) {
            check(garbage, reply);
          }
        }
      }
      Message overTcp = new Message(client.tcp(probe.toWire()));
      assertEquals(2, overTcp.getSection(Section.ANSWER).size());
    }
  }

  /** Reads answers until the one to {@code probe}; null if the socket times out first. */
  private static Message awaitAnswer(DnsClient client, Message probe) throws IOException {
    while (true) {
      Message response;
      try {
        response = new Message(client.receive());
      } catch (SocketTimeoutException e) {
        return null;
      }
      if (response.getHeader().getID() == probe.getHeader().getID() && response.getQuestion() != null
          && response.getQuestion().getName().equals(Fixtures.name("host.example.com."))) {
        return response;
      }
    }
  }

  private static byte[] mutate(Random random) {
    byte[] query = VALID.get(random.nextInt(VALID.size())).clone();
    switch (random.nextInt(3)) {
      case 0 -> {
        return Arrays.copyOf(query, random.nextInt(query.length + 1));
      }
      case 1 -> {
        for (int i = random.nextInt(6); i >= 0; i--) {
          query[random.nextInt(query.length)] = (byte) random.nextInt(256);
        }
        return query;
      }
      default -> {
        byte[] bytes = new byte[random.nextInt(600)];
        random.nextBytes(bytes);
        return bytes;
      }
    }
  }
}
