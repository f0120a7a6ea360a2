package dev.meridian.bundles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RoutePatternTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', textBlock = """
      example.com/*               | example.com/*
      Example.COM/*               | example.com/*
      https://example.com/api*    | example.com/api*
      http://example.com/         | example.com/
      *.example.com/*             | *.example.com/*
      example.com./x              | example.com/x
      localhost/*                 | localhost/*
      127.0.0.1/health            | 127.0.0.1/health
      a-b.example.com/p/q%20r*    | a-b.example.com/p/q%20r*
      """)
  void parsesToCanonicalText(String text, String canonical) {
    RoutePattern p = RoutePattern.parse(text);
    assertEquals(canonical, p.toString());
    assertEquals(p, RoutePattern.parse(p.toString()));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', textBlock = """
      example.com                 | has no path
      example.com:8080/*          | has a port
      exa*mple.com/*              | has a * in its host
      *example.com/*              | has a * in its host
      example.com/a*b             | * inside its path
      example.com/*?x=1           | query or fragment
      example.com/#top            | query or fragment
      /*                          | needs a hostname
      -bad.example.com/*          | invalid hostname
      exa_mple.com/*              | invalid hostname
      a..b/*                      | invalid hostname
      example.com/a b             | not allowed in a URL path
      """)
  void refusesWithAMessageThatSaysWhy(String text, String why) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RoutePattern.parse(text));
    assertTrue(e.getMessage().contains(why), e.getMessage());
    assertTrue(e.getMessage().contains(text.strip()), e.getMessage());
  }

  @ParameterizedTest(name = "{0} on {1}{2} = {3}")
  @CsvSource(delimiter = '|', textBlock = """
      example.com/*          | example.com      | /           | true
      example.com/*          | EXAMPLE.com:8443 | /a/b        | true
      example.com/*          | example.com.     | /a          | true
      example.com/*          | www.example.com  | /           | false
      example.com/api*       | example.com      | /api        | true
      example.com/api*       | example.com      | /apis/x     | true
      example.com/api*       | example.com      | /ap         | false
      example.com/health     | example.com      | /health     | true
      example.com/health     | example.com      | /health/    | false
      *.example.com/*        | a.example.com    | /           | true
      *.example.com/*        | a.b.example.com  | /x          | true
      *.example.com/*        | example.com      | /           | false
      *.example.com/*        | badexample.com   | /           | false
      localhost/*            | localhost:8080   | /           | true
      localhost/*            | [::1]:8080       | /           | false
      """)
  void matches(String pattern, String host, String path, boolean expected) {
    assertEquals(expected, RoutePattern.parse(pattern).matches(host, path));
  }

  @ParameterizedTest(name = "{0} vs {1} = {2}")
  @CsvSource(delimiter = '|', textBlock = """
      example.com/*          | example.com/api*     | true
      example.com/*          | www.example.com/*    | false
      *.example.com/*        | a.example.com/x      | true
      *.example.com/*        | example.com/*        | false
      *.example.com/*        | *.a.example.com/*    | true
      *.example.com/*        | *.example.org/*      | false
      *.a.example.com/*      | b.example.com/*      | false
      """)
  void sameHostAsIsSymmetricAndMeansSomeHostnameMatchesBoth(String a, String b, boolean expected) {
    RoutePattern x = RoutePattern.parse(a);
    RoutePattern y = RoutePattern.parse(b);
    assertEquals(expected, x.sameHostAs(y));
    assertEquals(expected, y.sameHostAs(x));
  }

  @Test
  void mostSpecificFirst() {
    List<RoutePattern> l = new ArrayList<>(List.of("*.example.com/*", "example.com/*", "example.com/api*", "example.com/api",
        "a.example.com/*").stream().map(RoutePattern::parse).toList());
    l.sort(RoutePattern.MOST_SPECIFIC_FIRST);
    assertEquals(List.of("a.example.com/*", "example.com/api", "example.com/api*", "example.com/*", "*.example.com/*"),
        l.stream().map(RoutePattern::toString).toList());
  }

  @Test
  void theRecordConstructorChecksToo() {
    assertThrows(IllegalArgumentException.class, () -> new RoutePattern("Bad Host", false, "/", true));
    assertThrows(IllegalArgumentException.class, () -> new RoutePattern("example.com", false, "no-slash", true));
  }

  /** Any text parses to a pattern whose canonical text parses back to it, or fails with IllegalArgumentException. */
  @Property(tries = 500)
  void anyTextParsesAndRoundTripsOrIsRefused(
      @ForAll @StringLength(max = 30) @Chars({'a', 'b', '.', '*', '/', ':', '-', '?', '1', 'A', ' ', '%'}) String text) {
    RoutePattern p;
    try {
      p = RoutePattern.parse(text);
    } catch (IllegalArgumentException refused) {
      assertTrue(refused.getMessage().contains("route \"" + text + "\"") || refused.getMessage().contains("route \"" + text.strip() + "\""),
          refused.getMessage());
      return;
    }
    assertEquals(p, RoutePattern.parse(p.toString()));
    String someHost = p.subdomains() ? "x." + p.host() : p.host();
    assertTrue(p.matches(someHost, p.path()), p + " does not match its own host and path");
    assertTrue(p.sameHostAs(p));
  }
}
