package dev.meridian.dns.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.meridian.dns.Fixtures;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

class WireCacheTest {

  private static WireCache.Key key(String qname) {
    QueryProbe probe = new QueryProbe();
    probe.read(Unpooled.wrappedBuffer(Message.newQuery(Record.newRecord(Fixtures.name(qname), Type.A, DClass.IN)).toWire()));
    return probe.key.copy();
  }

  private static final QueryResponder.Reply REPLY = new QueryResponder.Reply(new byte[12], null, true, null);

  @Test
  void anAnswerFromAnOlderGenerationIsNotServed() {
    WireCache cache = new WireCache(10);
    cache.put(key("a.example.com."), REPLY, 7);
    assertSame(REPLY, cache.get(key("a.example.com."), 7));
    assertSame(REPLY, cache.get(key("A.EXAMPLE.COM."), 7), "names are keyed in lower case");
    assertNull(cache.get(key("a.example.com."), 8));
    assertNull(cache.get(key("b.example.com."), 7));
  }

  @Test
  void pastItsSizeTheCacheStartsAgain() {
    WireCache cache = new WireCache(3);
    for (String name : new String[] {"a.example.com.", "b.example.com.", "c.example.com."}) {
      cache.put(key(name), REPLY, 1);
    }
    assertEquals(3, cache.size());
    cache.put(key("d.example.com."), REPLY, 1);
    assertEquals(1, cache.size());
    assertSame(REPLY, cache.get(key("d.example.com."), 1));
    assertNull(cache.get(key("a.example.com."), 1));
  }
}
