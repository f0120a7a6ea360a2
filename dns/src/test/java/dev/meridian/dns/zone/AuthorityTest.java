package dev.meridian.dns.zone;

import static dev.meridian.dns.Fixtures.name;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.dns.Fixtures;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CAARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

class AuthorityTest {

  private static final AddressSource NO_STEERING = (host, type) -> {
    throw new AssertionError("no steered name expected, asked for " + host);
  };

  private final Authority authority = authority();

  private static Authority authority() {
    Authority authority = new Authority();
    authority.putZone(Fixtures.exampleZone());
    return authority;
  }

  private Answer ask(String qname, int qtype) {
    return authority.answer(name(qname), qtype, NO_STEERING);
  }

  private static List<String> data(List<Record> records) {
    return records.stream().map(r -> r.getName() + " " + Type.string(r.getType()) + " " + r.rdataToString()).toList();
  }

  @Test
  void answersEveryRecordTypeAuthoritatively() {
    assertEquals(List.of("example.com. A 192.0.2.1"), data(ask("example.com.", Type.A).answer()));
    assertEquals(List.of("example.com. AAAA 2001:db8:0:0:0:0:0:1"), data(ask("example.com.", Type.AAAA).answer()));
    assertEquals(List.of("example.com. TXT \"v=spf1 -all\""), data(ask("example.com.", Type.TXT).answer()));
    assertEquals(List.of("example.com. CAA 0 issue \"letsencrypt.org\""), data(ask("example.com.", Type.CAA).answer()));
    Answer soa = ask("example.com.", Type.SOA);
    assertTrue(soa.answer().getFirst() instanceof SOARecord);
    Answer ns = ask("example.com.", Type.NS);
    assertEquals(2, ns.answer().size());
    assertEquals(List.of("ns1.example.com. A 192.0.2.53", "ns2.example.com. A 192.0.2.54", "ns2.example.com. AAAA 2001:db8:0:0:0:0:0:54"),
        data(ns.additional()).stream().sorted().toList());
    Answer cname = ask("www.example.com.", Type.CNAME);
    assertEquals(List.of("www.example.com. CNAME web.example.com."), data(cname.answer()));
    for (Answer answer : List.of(soa, ns, cname)) {
      assertEquals(Rcode.NOERROR, answer.rcode());
      assertTrue(answer.authoritative());
    }
  }

  @Test
  void followsACnameChainInsideTheZone() {
    Answer answer = ask("www.example.com.", Type.A);
    assertEquals(List.of("www.example.com. CNAME web.example.com.", "web.example.com. CNAME host.example.com.",
        "host.example.com. A 192.0.2.10", "host.example.com. A 192.0.2.11"), data(answer.answer()));
    assertEquals(Rcode.NOERROR, answer.rcode());
  }

  @Test
  void stopsAtACnameLeavingTheZoneAndAtALoop() {
    assertEquals(List.of("outside.example.com. CNAME www.example.org."), data(ask("outside.example.com.", Type.A).answer()));
    Answer loop = ask("loop1.example.com.", Type.A);
    assertEquals(Authority.MAX_CNAME_CHAIN, loop.answer().size());
    assertEquals(Rcode.NOERROR, loop.rcode());
  }

  @Test
  void nxdomainCarriesTheSoaWithTheNegativeTtl() {
    Answer answer = ask("missing.example.com.", Type.A);
    assertEquals(Rcode.NXDOMAIN, answer.rcode());
    assertTrue(answer.answer().isEmpty());
    SOARecord soa = (SOARecord) answer.authority().getFirst();
    assertEquals(300, soa.getTTL(), "min(SOA TTL, SOA minimum), RFC 2308 §3");
  }

  @Test
  void nodataForAnExistingNameAndForAnEmptyNonTerminal() {
    for (String qname : List.of("host.example.com.", "b.c.example.com.", "c.example.com.")) {
      Answer answer = ask(qname, Type.MX);
      assertEquals(Rcode.NOERROR, answer.rcode(), qname);
      assertTrue(answer.answer().isEmpty(), qname);
      assertTrue(answer.authority().getFirst() instanceof SOARecord, qname);
    }
    assertEquals(Rcode.NOERROR, ask("b.c.example.com.", Type.A).rcode(), "an empty non-terminal is no NXDOMAIN");
  }

  @Test
  void nxdomainAfterACnameReportsTheLastName() {
    Answer answer = ask("dangling.example.com.", Type.A);
    assertEquals(Rcode.NXDOMAIN, answer.rcode(), "RFC 6604: the rcode is that of the last name in the chain");
    assertEquals(List.of("dangling.example.com. CNAME nothere.example.com."), data(answer.answer()));
  }

  @Test
  void wildcardsSynthesizeTheOwnerNameAndYieldToExistingNames() {
    Answer answer = ask("anything.wild.example.com.", Type.A);
    assertEquals(List.of("anything.wild.example.com. A 192.0.2.99"), data(answer.answer()));
    assertEquals(List.of("deep.er.wild.example.com. TXT wildcard"), data(ask("deep.er.wild.example.com.", Type.TXT).answer()));
    assertEquals(List.of("exists.wild.example.com. TXT \"not from the wildcard\""),
        data(ask("exists.wild.example.com.", Type.TXT).answer()));
    Answer existingNoA = ask("exists.wild.example.com.", Type.A);
    assertTrue(existingNoA.answer().isEmpty(), "RFC 4592: an existing name is never matched by the wildcard");
    assertEquals(Rcode.NOERROR, existingNoA.rcode());
    Answer nodata = ask("x.wild.example.com.", Type.MX);
    assertEquals(Rcode.NOERROR, nodata.rcode());
    assertTrue(nodata.answer().isEmpty());
  }

  @Test
  void aWildcardCnameIsFollowed() {
    Answer answer = ask("x.alias.example.com.", Type.A);
    assertEquals(List.of("x.alias.example.com. CNAME host.example.com.", "host.example.com. A 192.0.2.10",
        "host.example.com. A 192.0.2.11"), data(answer.answer()));
  }

  @Test
  void delegationIsAReferralWithGlueAndNoAa() {
    for (String qname : List.of("sub.example.com.", "www.sub.example.com.", "ns1.sub.example.com.")) {
      Answer answer = ask(qname, Type.A);
      assertFalse(answer.authoritative(), qname);
      assertEquals(Rcode.NOERROR, answer.rcode());
      assertTrue(answer.answer().isEmpty(), qname);
      assertEquals(List.of("sub.example.com. NS ns.elsewhere.net.", "sub.example.com. NS ns1.sub.example.com."),
          data(answer.authority()).stream().sorted().toList());
      assertEquals(List.of("ns1.sub.example.com. A 192.0.2.200"), data(answer.additional()), "glue only below the cut");
    }
  }

  @Test
  void dsAtACutIsTheParentsToAnswer() {
    Answer answer = ask("sub.example.com.", Type.DS);
    assertTrue(answer.authoritative());
    assertTrue(answer.answer().isEmpty());
    assertTrue(answer.authority().getFirst() instanceof SOARecord, "NODATA from the parent: we sign nothing");
    assertFalse(ask("www.sub.example.com.", Type.DS).authoritative(), "below the cut it is a referral");
  }

  @Test
  void refusesNamesOutsideEveryZone() {
    Answer answer = ask("www.example.org.", Type.A);
    assertEquals(Rcode.REFUSED, answer.rcode());
    assertFalse(answer.authoritative());
  }

  @Test
  void steeredNamesTakeTheirAddressesFromTheSourceWithTheShortTtl() throws Exception {
    InetAddress v4 = InetAddress.getByName("198.51.100.7");
    InetAddress v6 = InetAddress.getByName("2001:db8:ffff::7");
    authority.publishSteered(name("app.example.com."));
    AddressSource source = (host, type) -> List.of(v4, v6);
    Answer a = authority.answer(name("app.example.com."), Type.A, source);
    assertEquals(List.of("app.example.com. A 198.51.100.7"), data(a.answer()));
    assertEquals(30, a.answer().getFirst().getTTL());
    assertTrue(a.steered());
    Answer aaaa = authority.answer(name("app.example.com."), Type.AAAA, source);
    assertEquals(List.of("app.example.com. AAAA 2001:db8:ffff:0:0:0:0:7"), data(aaaa.answer()));
    Answer none = authority.answer(name("app.example.com."), Type.A, (host, type) -> List.of());
    assertEquals(Rcode.NOERROR, none.rcode());
    assertTrue(none.answer().isEmpty(), "no PoP of the family: NODATA");
    assertEquals(Rcode.SERVFAIL, authority.answer(name("app.example.com."), Type.A, (host, type) -> null).rcode());

    assertTrue(authority.unpublishSteered(name("app.example.com.")));
    assertEquals(Rcode.NXDOMAIN, ask("app.example.com.", Type.A).rcode());
    assertFalse(authority.unpublishSteered(name("app.example.com.")));
  }

  @Test
  void aSteeredWildcardOutsideEveryZoneAnswersBelowItsParent() throws Exception {
    InetAddress pop = InetAddress.getByName("198.51.100.9");
    authority.publishSteered(name("*.shop.tenant.test."));
    Answer below = authority.answer(name("red.shop.tenant.test."), Type.A, (host, type) -> List.of(pop));
    assertEquals(List.of("red.shop.tenant.test. A 198.51.100.9"), data(below.answer()));
    assertTrue(below.authoritative());
    assertTrue(authority.unpublishSteered(name("*.shop.tenant.test.")));
    assertEquals(Rcode.REFUSED, authority.answer(name("red.shop.tenant.test."), Type.A,
        (host, type) -> List.of(pop)).rcode(), "the synthetic zone went with its last name");
  }

  @Test
  void aCnameTargetThatIsSteeredIsAnswered() throws Exception {
    authority.publishSteered(name("host.example.com."));
    InetAddress pop = InetAddress.getByName("198.51.100.1");
    Answer answer = authority.answer(name("www.example.com."), Type.A, (host, type) -> List.of(pop));
    assertEquals(List.of("www.example.com. CNAME web.example.com.", "web.example.com. CNAME host.example.com.",
        "host.example.com. A 198.51.100.1"), data(answer.answer()));
  }

  @Test
  void aNameWithACnameCannotBeSteered() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> authority.publishSteered(name("www.example.com.")));
    assertTrue(e.getMessage().contains("CNAME"), e.getMessage());
  }

  @Test
  void acmeTxtRecordsComeAndGoAtOnce() {
    long before = authority.generation();
    authority.addTxt(name("_acme-challenge.example.com."), "token-1");
    authority.addTxt(name("_acme-challenge.example.com."), "token-2");
    assertTrue(authority.generation() > before);
    assertEquals(List.of("token-1", "token-2"),
        ask("_acme-challenge.example.com.", Type.TXT).answer().stream().map(Record::rdataToString).sorted().toList());
    assertTrue(authority.removeTxt(name("_acme-challenge.example.com."), "token-1"));
    assertFalse(authority.removeTxt(name("_acme-challenge.example.com."), "token-1"));
    assertEquals(List.of("token-2"), ask("_acme-challenge.example.com.", Type.TXT).answer().stream().map(Record::rdataToString).toList());
    assertTrue(authority.removeTxt(name("_acme-challenge.example.com."), "token-2"));
    assertEquals(Rcode.NXDOMAIN, ask("_acme-challenge.example.com.", Type.TXT).rcode());
  }

  @Test
  void aTenantHostnameOutsideOurZonesGetsASyntheticZoneThatGoesAwayWithIt() {
    authority.publishSteered(name("shop.tenant.net."));
    authority.addTxt(name("_acme-challenge.shop.tenant.net."), "t");
    Zone zone = authority.findZone(name("_acme-challenge.shop.tenant.net."));
    assertNotNull(zone);
    assertEquals(name("shop.tenant.net."), zone.origin());
    Answer soa = authority.answer(name("shop.tenant.net."), Type.SOA, NO_STEERING);
    assertEquals(Rcode.NOERROR, soa.rcode());
    assertTrue(soa.answer().getFirst() instanceof SOARecord);
    assertEquals(Rcode.NXDOMAIN, ask("other.shop.tenant.net.", Type.A).rcode());
    assertEquals(Rcode.REFUSED, ask("tenant.net.", Type.A).rcode());

    authority.unpublishSteered(name("shop.tenant.net."));
    assertNotNull(authority.findZone(name("shop.tenant.net.")), "the TXT record still lives there");
    authority.removeTxt(name("_acme-challenge.shop.tenant.net."), "t");
    assertNull(authority.findZone(name("shop.tenant.net.")));
    assertEquals(Rcode.REFUSED, ask("shop.tenant.net.", Type.A).rcode());
  }

  @Test
  void aSyntheticZoneTakesItsSoaFromTheConfigurationAndTheClock() throws Exception {
    java.time.Instant now = java.time.Instant.parse("2026-11-29T12:00:00Z");
    Authority.Config config = new Authority.Config(List.of(name("ns1.edge.example."), name("ns2.edge.example.")),
        name("ops.edge.example."), java.time.Duration.ofSeconds(20), java.time.Duration.ofSeconds(5));
    Authority own = new Authority(config, java.time.Clock.fixed(now, java.time.ZoneOffset.UTC));
    own.publishSteered(name("shop.tenant.net."));
    SOARecord soa = (SOARecord) own.answer(name("shop.tenant.net."), Type.SOA, NO_STEERING).answer().getFirst();
    assertEquals(now.getEpochSecond(), soa.getSerial());
    assertEquals(name("ns1.edge.example."), soa.getHost());
    assertEquals(name("ops.edge.example."), soa.getAdmin());
    assertEquals(2, own.answer(name("shop.tenant.net."), Type.NS, NO_STEERING).answer().size());
    InetAddress pop = InetAddress.getByName("192.0.2.1");
    Answer a = own.answer(name("shop.tenant.net."), Type.A, (host, type) -> List.of(pop));
    assertEquals(20, a.answer().getFirst().getTTL());
    own.addTxt(name("_acme-challenge.shop.tenant.net."), "x");
    assertEquals(5, own.answer(name("_acme-challenge.shop.tenant.net."), Type.TXT, NO_STEERING).answer().getFirst().getTTL());
  }

  @Test
  void aSyntheticZoneStaysWhileItsApexHoldsATxtRecord() {
    authority.addTxt(name("verify.tenant.org."), "site-verification=1");
    assertEquals(List.of("site-verification=1"),
        ask("verify.tenant.org.", Type.TXT).answer().stream().map(Record::rdataToString).toList());
    assertEquals(Rcode.NOERROR, ask("verify.tenant.org.", Type.ANY).rcode());
    authority.removeTxt(name("verify.tenant.org."), "site-verification=1");
    assertEquals(Rcode.REFUSED, ask("verify.tenant.org.", Type.TXT).rcode());
  }

  @Test
  void aReloadReplacesTheZone() throws Exception {
    Zone small = Zone.of(name("example.com."), List.of(
        new SOARecord(name("example.com."), 1, 60, name("ns.example.com."), name("h.example.com."), 2, 60, 60, 60, 60),
        new ARecord(name("new.example.com."), 1, 60, InetAddress.getByName("192.0.2.77"))));
    authority.putZone(small);
    assertEquals(List.of("new.example.com. A 192.0.2.77"), data(ask("new.example.com.", Type.A).answer()));
    assertEquals(Rcode.NXDOMAIN, ask("host.example.com.", Type.A).rcode());
    assertTrue(authority.removeZone(name("example.com.")));
    assertEquals(Rcode.REFUSED, ask("new.example.com.", Type.A).rcode());
  }

  @Test
  void recordTypesAreTheOnesAsked() {
    assertTrue(ask("example.com.", Type.CAA).answer().getFirst() instanceof CAARecord);
    assertTrue(ask("example.com.", Type.TXT).answer().getFirst() instanceof TXTRecord);
    assertTrue(ask("www.example.com.", Type.CNAME).answer().getFirst() instanceof CNAMERecord);
  }
}
