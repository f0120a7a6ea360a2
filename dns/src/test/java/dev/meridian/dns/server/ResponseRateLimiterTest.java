package dev.meridian.dns.server;

import static dev.meridian.dns.server.ResponseRateLimiter.Verdict.DROP;
import static dev.meridian.dns.server.ResponseRateLimiter.Verdict.SEND;
import static dev.meridian.dns.server.ResponseRateLimiter.Verdict.SLIP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.meridian.dns.server.ResponseRateLimiter.Verdict;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The token buckets on a fake clock. */
class ResponseRateLimiterTest {

  private static final long MS = 1_000_000;
  private static final long KIND = 42;

  private long now = 123_456_789; // any origin: nanoTime's is arbitrary

  private ResponseRateLimiter limiter(int perSecond, int slip) {
    return new ResponseRateLimiter(new RateLimit(perSecond, slip), 1 << 10, () -> now, 7);
  }

  private static InetAddress ip(String literal) {
    return ServerFixture.address(literal);
  }

  private static List<Verdict> checks(ResponseRateLimiter limiter, InetAddress client, long kind, int count) {
    List<Verdict> verdicts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      verdicts.add(limiter.check(client, kind));
    }
    return verdicts;
  }

  @Test
  void aBucketHoldsOneSecondAndRefillsAtTheRate() {
    ResponseRateLimiter limiter = limiter(5, 0);
    InetAddress client = ip("192.0.2.1");
    assertEquals(List.of(SEND, SEND, SEND, SEND, SEND, DROP), checks(limiter, client, KIND, 6));
    now += 199 * MS;
    assertEquals(DROP, limiter.check(client, KIND), "one token takes 200 ms");
    now += MS;
    assertEquals(List.of(SEND, DROP), checks(limiter, client, KIND, 2));
    now += 10_000 * MS;
    assertEquals(List.of(SEND, SEND, SEND, SEND, SEND, DROP), checks(limiter, client, KIND, 6),
        "idle time does not save more than one second's worth");
  }

  @Test
  void everySlipThLimitedResponseIsTruncated() {
    InetAddress client = ip("192.0.2.1");
    ResponseRateLimiter everyThird = limiter(1, 3);
    assertEquals(List.of(SEND, DROP, DROP, SLIP, DROP, DROP, SLIP), checks(everyThird, client, KIND, 7));
    assertEquals(List.of(SEND, SLIP, SLIP), checks(limiter(1, 1), client, KIND, 3));
    assertEquals(List.of(SEND, DROP, DROP, DROP), checks(limiter(1, 0), client, KIND, 4));
  }

  @Test
  void networksAreIpv4Slash24AndIpv6Slash56() {
    ResponseRateLimiter limiter = limiter(1, 0);
    assertEquals(SEND, limiter.check(ip("192.0.2.1"), KIND));
    assertEquals(DROP, limiter.check(ip("192.0.2.200"), KIND), "same /24");
    assertEquals(SEND, limiter.check(ip("192.0.3.1"), KIND));
    assertEquals(SEND, limiter.check(ip("2001:db8:0:100::1"), KIND));
    assertEquals(DROP, limiter.check(ip("2001:db8:0:1ff:ffff::1"), KIND), "same /56");
    assertEquals(SEND, limiter.check(ip("2001:db8:0:200::1"), KIND));
    assertEquals(SEND, limiter.check(ip("0.0.0.1"), KIND));
    assertEquals(SEND, limiter.check(ip("::1"), KIND), "an IPv6 network is not the IPv4 one of the same bits");
  }

  @Test
  void eachKindHasItsOwnBucket() {
    ResponseRateLimiter limiter = limiter(1, 0);
    InetAddress client = ip("192.0.2.1");
    assertEquals(List.of(SEND, DROP), checks(limiter, client, KIND, 2));
    assertEquals(List.of(SEND, DROP), checks(limiter, client, KIND + 1, 2));
  }

  @Test
  void theTableDoesNotGrowWithClients() {
    ResponseRateLimiter limiter = limiter(20, 2);
    for (int i = 0; i < 100_000; i++) {
      limiter.check(ip("10." + (i >> 16 & 0xff) + "." + (i >> 8 & 0xff) + ".1"), i);
    }
    assertEquals(1 << 10, limiter.slots());
  }

  @Test
  void aDisabledRateOrABadTableIsRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> new ResponseRateLimiter(RateLimit.OFF, 1 << 10, () -> now, 0));
    assertThrows(IllegalArgumentException.class,
        () -> new ResponseRateLimiter(RateLimit.perSecond(5), 1000, () -> now, 0));
    assertThrows(IllegalArgumentException.class, () -> RateLimit.perSecond(-1));
    assertThrows(IllegalArgumentException.class, () -> new RateLimit(5, 11));
  }
}
