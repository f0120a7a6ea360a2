package dev.meridian.pop.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The registry's lookup order (exact, wildcard one level, default) and what it refuses. */
class TlsCertificatesTest {

  static TestCa ca;
  static TestCa.Issued fallback;
  static TestCa.Issued shop;
  static TestCa.Issued wildcard;

  @BeforeAll
  static void issue() throws Exception {
    ca = new TestCa();
    fallback = ca.issue("default.test");
    shop = ca.issue("shop.example.test");
    wildcard = ca.issue("*.example.test");
  }

  private static TlsCertificates registry() {
    TlsCertificates registry = TlsCertificates.withDefault(fallback.keys().getPrivate(), fallback.chain());
    registry.put("shop.example.test", shop.keys().getPrivate(), shop.chain());
    registry.put("*.example.test", wildcard.keys().getPrivate(), wildcard.chain());
    return registry;
  }

  @Test
  void exactNameFirstThenWildcardOneLevelThenDefault() {
    TlsCertificates registry = registry();
    assertEquals(shop.leaf(), registry.certificateFor("shop.example.test"));
    assertEquals(shop.leaf(), registry.certificateFor("SHOP.Example.Test."), "case and a trailing dot do not matter");
    assertEquals(wildcard.leaf(), registry.certificateFor("blog.example.test"));
    assertEquals(fallback.leaf(), registry.certificateFor("a.blog.example.test"), "a wildcard covers one level only");
    assertEquals(fallback.leaf(), registry.certificateFor("example.test"), "nor the bare domain");
    assertEquals(fallback.leaf(), registry.certificateFor("elsewhere.test"));
    assertEquals(fallback.leaf(), registry.certificateFor(null), "no SNI");
    assertEquals(Set.of("*.example.test", "shop.example.test"), registry.hostnames());
  }

  @Test
  void anInternationalizedNameIsFoundByTheAsciiFormClientsSend() throws Exception {
    TlsCertificates registry = registry();
    TestCa.Issued books = ca.issue("xn--bcher-kva.test");
    registry.put("Bücher.test", books.keys().getPrivate(), books.chain());
    assertEquals(books.leaf(), registry.certificateFor("xn--bcher-kva.test"));
    assertEquals(Set.of("*.example.test", "shop.example.test", "xn--bcher-kva.test"), registry.hostnames());
  }

  @Test
  void removeAndReplace() throws Exception {
    TlsCertificates registry = registry();
    assertTrue(registry.remove("Shop.example.test"));
    assertFalse(registry.remove("shop.example.test"), "already gone");
    assertEquals(wildcard.leaf(), registry.certificateFor("shop.example.test"), "the wildcard takes over");
    TestCa.Issued renewed = ca.issue("*.example.test");
    registry.put("*.example.test", renewed.keys().getPrivate(), renewed.chain());
    assertEquals(renewed.leaf(), registry.certificateFor("shop.example.test"));
    TestCa.Issued newDefault = ca.issue("default.test");
    registry.setDefault(newDefault.keys().getPrivate(), newDefault.chain());
    assertEquals(newDefault.leaf(), registry.certificateFor(null));
  }

  @Test
  void oneCertificateForSeveralNamesAsAcmeIssuesThem() throws Exception {
    TlsCertificates registry = registry();
    TestCa.Issued both = ca.issue("a.multi.test", "b.multi.test");
    registry.put(Set.of("a.multi.test", "B.multi.test"), both.keys().getPrivate(), both.chain());
    assertEquals(both.leaf(), registry.certificateFor("a.multi.test"));
    assertEquals(both.leaf(), registry.certificateFor("b.multi.test"));
    assertThrows(IllegalArgumentException.class,
        () -> registry.put(List.of("c.multi.test", "not a name"), both.keys().getPrivate(), both.chain()));
    assertEquals(fallback.leaf(), registry.certificateFor("c.multi.test"), "nothing put when one name is bad");
    assertThrows(IllegalArgumentException.class, () -> registry.put(List.of(), both.keys().getPrivate(), both.chain()));
    assertEquals(2, registry.remove(List.of("a.multi.test", "b.multi.test", "c.multi.test")));
    assertEquals(fallback.leaf(), registry.certificateFor("a.multi.test"));
  }

  @Test
  void refusesAKeyThatIsNotTheCertificatesAndLeavesTheEntryAsItWas() {
    TlsCertificates registry = registry();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> registry.put("shop.example.test", wildcard.keys().getPrivate(), shop.chain()));
    assertTrue(e.getMessage().contains("does not belong to the leaf certificate"), e.getMessage());
    assertEquals(shop.leaf(), registry.certificateFor("shop.example.test"));
  }

  @Test
  void refusesAnEmptyChainAndNamesThatAreNotHostnames() {
    TlsCertificates registry = registry();
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> registry.put("x.test", shop.keys().getPrivate(), List.of())).getMessage().contains("leaf first"));
    for (String bad : List.of("", "*", "a..b", "a.*.test", "-a.test", "a b.test", "**.test", "x".repeat(64) + ".test")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> registry.put(bad, shop.keys().getPrivate(), shop.chain()), bad);
      assertTrue(e.getMessage().contains("is not a hostname"), e.getMessage());
    }
  }
}
