package dev.meridian.acme.renewal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.acme.AcmeIssuer;
import dev.meridian.acme.AcmeIssuerConfig;
import dev.meridian.acme.CertificateRequest;
import dev.meridian.acme.ChallengeType;
import dev.meridian.acme.EcKeys;
import dev.meridian.acme.IssuedCertificate;
import dev.meridian.acme.challenge.Http01Tokens;
import dev.meridian.acme.pebble.Http01Server;
import dev.meridian.acme.pebble.PebbleServer;
import dev.meridian.acme.pebble.SwitchableHttp01;
import dev.meridian.acme.store.CertificateStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renewal against Debian's pebble issuing one-hour certificates: the scheduler's clock is moved
 * past two thirds of that hour (the CA's clock is not), and the certificate in the store is
 * replaced, or kept while a failing challenge is retried with backoff.
 */
class RenewalPebbleTest {

  private static final Duration LIFETIME = Duration.ofHours(1);
  private static final Duration INITIAL_BACKOFF = Duration.ofMinutes(1);
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(3);
  /** Checks often for the background test; alerts 5 minutes before expiry, not 7 days. */
  private static final RenewalConfig CONFIG = RenewalConfig.DEFAULTS
      .withCheckInterval(Duration.ofMillis(50))
      .withBackoff(INITIAL_BACKOFF, MAX_BACKOFF)
      .withAlertBeforeExpiry(Duration.ofMinutes(5));
  private static final Http01Tokens tokens = new Http01Tokens();
  private static Http01Server http01;
  private static PebbleServer pebble;

  @TempDir Path directory;
  private final SwitchableHttp01 responder = new SwitchableHttp01(tokens, false);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final MutableClock clock = new MutableClock(Instant.now());
  private final List<IssuedCertificate> heard = new CopyOnWriteArrayList<>();
  private CertificateStore store;
  private RenewalScheduler scheduler;
  private CertificateRequest request;

  @BeforeAll
  static void startPebble() throws Exception {
    http01 = Http01Server.start(tokens);
    pebble = PebbleServer.start(http01.port(), LIFETIME);
  }

  @AfterAll
  static void stopPebble() {
    if (pebble != null) {
      pebble.close();
    }
    if (http01 != null) {
      http01.close();
    }
  }

  @BeforeEach
  void openStore() throws Exception {
    store = CertificateStore.open(directory);
    store.addListener(heard::add);
    AcmeIssuer issuer = AcmeIssuer.create(
        AcmeIssuerConfig.of(pebble.directory(), store.accountKeyPair())
            .withTrustedRoot(pebble.trustedRoot())
            .withHttp01(responder));
    scheduler = new RenewalScheduler(store, issuer, CONFIG, clock, registry,
        new SplittableRandom(8));
    String hostname = "renew-" + System.nanoTime() + ".example.test";
    pebble.addARecord(hostname, "127.0.0.1");
    request = CertificateRequest.of(ChallengeType.HTTP_01, hostname);
  }

  @AfterEach
  void stopScheduler() {
    scheduler.close();
  }

  @Test
  void aManagedRequestIsIssuedAtOnceThenRenewedTwoThirdsIntoItsLifetime() {
    scheduler.manage(request);

    assertEquals(1, scheduler.renewDue());
    IssuedCertificate first = store.get(request).orElseThrow();
    assertEquals(LIFETIME.minusSeconds(1), Duration.between(first.notBefore(), first.notAfter()),
        "pebble issues for certificateValidityPeriod (minus its one second)");
    assertEquals(0, scheduler.renewDue(), "not due yet");
    assertEquals(Duration.ofSeconds(2399, 333_333_333),
        Duration.between(first.notBefore(), first.renewalDue()), "two thirds of 3599 s");

    clock.set(first.renewalDue().minusSeconds(1));
    assertEquals(0, scheduler.renewDue(), "a second before two thirds");
    clock.set(first.renewalDue());
    assertEquals(1, scheduler.renewDue());

    IssuedCertificate second = store.get(request).orElseThrow();
    assertNotEquals(first.leaf().getSerialNumber(), second.leaf().getSerialNumber());
    assertEquals(List.of(first, second), heard);
    assertEquals(0.0, counter("meridian.acme.renewal.failures"));
    assertEquals(0.0, gauge("meridian.acme.certificate.alert"));
    assertEquals(0, tokens.size());
  }

  @Test
  void aFailingChallengeIsRetriedWithBackoffWhileTheOldCertificateKeepsServing() {
    scheduler.manage(request);
    scheduler.renewDue();
    IssuedCertificate serving = store.get(request).orElseThrow();
    responder.answerWrongly(true);
    clock.set(serving.renewalDue());

    assertEquals(1, scheduler.renewDue());
    assertEquals(serving, store.get(request).orElseThrow(), "the old certificate stays");
    assertEquals(1.0, counter("meridian.acme.renewal.failures"));
    assertEquals(1.0, gauge("meridian.acme.certificate.alert"), "last third and failing");
    RenewalStatus afterOne = scheduler.status(request).orElseThrow();
    assertEquals(1, afterOne.consecutiveFailures());
    assertNotNull(afterOne.lastError());
    assertTrue(afterOne.lastError().contains("INVALID"), afterOne.lastError());
    assertBetween(clock.instant().plus(INITIAL_BACKOFF.dividedBy(2)),
        clock.instant().plus(INITIAL_BACKOFF), afterOne.nextAttempt());
    assertEquals(0, scheduler.renewDue(), "backing off");

    clock.set(afterOne.nextAttempt());
    assertEquals(1, scheduler.renewDue());
    RenewalStatus afterTwo = scheduler.status(request).orElseThrow();
    assertEquals(2, afterTwo.consecutiveFailures());
    assertBetween(clock.instant().plus(INITIAL_BACKOFF),
        clock.instant().plus(INITIAL_BACKOFF.multipliedBy(2)), afterTwo.nextAttempt());

    clock.set(afterTwo.nextAttempt());
    scheduler.renewDue();
    clock.set(scheduler.status(request).orElseThrow().nextAttempt());
    scheduler.renewDue();
    RenewalStatus capped = scheduler.status(request).orElseThrow();
    assertEquals(4, capped.consecutiveFailures());
    assertBetween(clock.instant().plus(MAX_BACKOFF.dividedBy(2)),
        clock.instant().plus(MAX_BACKOFF), capped.nextAttempt());
    assertEquals(4.0, counter("meridian.acme.renewal.failures"));
    assertEquals(List.of(serving), heard, "no listener heard of a failed attempt");
    assertEquals(0, tokens.size(), "wrong answers are withdrawn too");

    responder.answerWrongly(false);
    clock.set(capped.nextAttempt());
    assertEquals(1, scheduler.renewDue());
    IssuedCertificate renewed = store.get(request).orElseThrow();
    assertNotEquals(serving.leaf().getSerialNumber(), renewed.leaf().getSerialNumber());
    assertEquals(0.0, gauge("meridian.acme.certificate.alert"));
    assertEquals(0, scheduler.status(request).orElseThrow().consecutiveFailures());
    assertEquals(4.0, counter("meridian.acme.renewal.failures"));
  }

  @Test
  void theExpiryGaugeCountsDownAndTheAlertRisesNearExpiryEvenWithoutFailures() {
    scheduler.manage(request);
    scheduler.renewDue();
    IssuedCertificate certificate = store.get(request).orElseThrow();

    clock.set(certificate.notAfter().minus(Duration.ofMinutes(10)));
    assertEquals(600.0, gauge("meridian.acme.certificate.expiry"), 0.001);
    assertEquals(0.0, gauge("meridian.acme.certificate.alert"));

    clock.set(certificate.notAfter().minus(Duration.ofMinutes(5)));
    assertEquals(1.0, gauge("meridian.acme.certificate.alert"), "within alertBeforeExpiry");
  }

  @Test
  void startedInTheBackgroundItRenewsByItselfAndStopsOnClose() throws Exception {
    scheduler.manage(request);
    scheduler.renewDue();
    IssuedCertificate first = store.get(request).orElseThrow();
    var renewed = new CompletableFuture<IssuedCertificate>();
    store.addListener(c -> {
      if (c != first && c.request().equals(request)) {
        renewed.complete(c);
      }
    });

    scheduler.start();
    clock.set(first.renewalDue());

    IssuedCertificate second = renewed.get(60, TimeUnit.SECONDS);
    assertNotEquals(first.leaf().getSerialNumber(), second.leaf().getSerialNumber());
    scheduler.close();
    assertTrue(registry.getMeters().isEmpty(), "a closed scheduler reports nothing");
    assertThrows(IllegalStateException.class, scheduler::start);
    // The executor has terminated; its thread may take a moment more to end.
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().equals("acme-renewal")) {
        thread.join(5_000);
      }
    }
    assertFalse(Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().equals("acme-renewal") && t.isAlive()));
  }

  @Test
  void certificatesAlreadyInTheStoreAreRenewedAfterARestart() throws Exception {
    scheduler.manage(request);
    scheduler.renewDue();
    IssuedCertificate first = store.get(request).orElseThrow();
    scheduler.close();

    CertificateStore reopened = CertificateStore.open(directory);
    var restarted = new RenewalScheduler(reopened, AcmeIssuer.create(
        AcmeIssuerConfig.of(pebble.directory(), reopened.accountKeyPair())
            .withTrustedRoot(pebble.trustedRoot())
            .withHttp01(responder)), RenewalConfig.DEFAULTS, clock, new SimpleMeterRegistry());
    try {
      assertEquals(0, restarted.renewDue());
      clock.set(first.renewalDue());
      assertEquals(1, restarted.renewDue());
      assertNotEquals(first.leaf().getSerialNumber(),
          reopened.get(request).orElseThrow().leaf().getSerialNumber());
    } finally {
      restarted.close();
    }
  }

  @Test
  void aMisconfiguredRequestFailsAloneAndRaisesTheAlertWithoutStoppingTheOthers() {
    var wildcard = CertificateRequest.of(ChallengeType.DNS_01, "*.no-dns.example.test");
    scheduler.manage(wildcard);
    scheduler.manage(request);

    assertEquals(2, scheduler.renewDue());

    RenewalStatus failing = scheduler.status(wildcard).orElseThrow();
    assertEquals(1, failing.consecutiveFailures());
    assertTrue(failing.lastError().contains("withDns01"), failing.lastError());
    assertTrue(failing.alerting(), "no certificate and the attempt failed");
    assertEquals(1.0, registry.get("meridian.acme.certificate.alert")
        .tag("certificate", wildcard.name()).gauge().value());
    assertTrue(Double.isNaN(registry.get("meridian.acme.certificate.expiry")
        .tag("certificate", wildcard.name()).gauge().value()));
    assertTrue(store.get(request).isPresent(), "the other request was still issued");
    assertTrue(scheduler.status(CertificateRequest.of(ChallengeType.HTTP_01, "other.example.test"))
        .isEmpty());
  }

  @Test
  void anUnmanagedCertificateIsNoLongerRenewedNorStoredNorMeasured() throws Exception {
    scheduler.manage(request);
    scheduler.renewDue();
    IssuedCertificate first = store.get(request).orElseThrow();

    assertTrue(scheduler.unmanage(request));

    clock.set(first.renewalDue());
    assertEquals(0, scheduler.renewDue());
    assertTrue(store.get(request).isEmpty());
    assertTrue(scheduler.status(request).isEmpty());
    assertTrue(registry.find("meridian.acme.certificate.alert").tag("certificate", request.name())
        .meters().isEmpty());
    assertFalse(scheduler.unmanage(request));
  }

  @Test
  void managingTheSameHostnamesWithAnotherChallengeSwitchesItAtTheNextRenewal() {
    scheduler.manage(request);
    scheduler.renewDue();
    IssuedCertificate first = store.get(request).orElseThrow();
    AcmeIssuer withDns = AcmeIssuer.create(AcmeIssuerConfig.of(pebble.directory(),
            EcKeys.generateP256())
        .withTrustedRoot(pebble.trustedRoot())
        .withDns01(pebble.dns01()));
    scheduler.close();
    scheduler = new RenewalScheduler(store, withDns, CONFIG, clock, registry);
    var viaDns = CertificateRequest.of(ChallengeType.DNS_01, request.hostnames());

    scheduler.manage(viaDns);
    clock.set(first.renewalDue());
    assertEquals(1, scheduler.renewDue());

    assertEquals(ChallengeType.DNS_01, store.get(request).orElseThrow().request().challenge());
    assertEquals(0, scheduler.status(viaDns).orElseThrow().consecutiveFailures());
    assertEquals(0.0, gauge("meridian.acme.certificate.alert"), "the new scheduler's gauge");
  }

  private double counter(String name) {
    return registry.get(name).tag("certificate", request.name()).counter().count();
  }

  private double gauge(String name) {
    return registry.get(name).tag("certificate", request.name()).gauge().value();
  }

  private static void assertBetween(Instant low, Instant high, Instant actual) {
    assertFalse(actual.isBefore(low) || actual.isAfter(high),
        actual + " is not within [" + low + ", " + high + "]");
  }
}
