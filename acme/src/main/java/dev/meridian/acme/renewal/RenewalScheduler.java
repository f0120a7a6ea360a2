package dev.meridian.acme.renewal;

import dev.meridian.acme.CertificateIssuer;
import dev.meridian.acme.CertificateRequest;
import dev.meridian.acme.IssuanceException;
import dev.meridian.acme.IssuedCertificate;
import dev.meridian.acme.store.CertificateListener;
import dev.meridian.acme.store.CertificateStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every certificate of a {@link CertificateStore} valid without anyone's hand.
 *
 * <p>A certificate is renewed two thirds into its lifetime ({@link IssuedCertificate#renewalDue()})
 * and a managed request with no certificate yet is issued at once. A failed attempt is retried with
 * capped exponential backoff and jitter ({@link RenewalConfig}); meanwhile the old certificate
 * stays in the store and keeps serving, and the new one replaces it only once issued, through
 * {@link CertificateStore#put}, whose listeners reload the PoPs.
 *
 * <p>Metrics, tagged {@code certificate=<sorted hostnames>}:
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>meaning</th></tr>
 *   <tr><td>{@code meridian.acme.renewal.failures}</td><td>counter</td><td>failed attempts</td></tr>
 *   <tr><td>{@code meridian.acme.certificate.expiry}</td><td>gauge, seconds</td><td>time until
 *       the certificate expires (negative once expired, NaN before the first one)</td></tr>
 *   <tr><td>{@code meridian.acme.certificate.alert}</td><td>gauge, 0 or 1</td><td>1 when the last
 *       attempt failed and the certificate is in its last third (or missing), or when it expires
 *       within {@link RenewalConfig#alertBeforeExpiry()}</td></tr>
 * </table>
 *
 * <p>Time comes from the injected {@link Clock}; tests move it and call {@link #renewDue()}. The
 * background thread of {@link #start()} only calls {@link #renewDue()} every {@link
 * RenewalConfig#checkInterval()}.
 */
public final class RenewalScheduler implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RenewalScheduler.class);

  private final CertificateStore store;
  private final CertificateIssuer issuer;
  private final RenewalConfig config;
  private final Clock clock;
  private final MeterRegistry registry;
  private final Backoff backoff;
  private final Map<String, Tracked> tracked = new ConcurrentHashMap<>();
  private final CertificateListener trackStored = certificate -> track(certificate.request());
  private final Object renewLock = new Object();
  private @Nullable ScheduledExecutorService executor;
  private boolean closed;

  /**
   * A scheduler for every certificate in {@code store} (now and later), issuing through {@code
   * issuer}; nothing runs until {@link #start()} or {@link #renewDue()}.
   */
  public RenewalScheduler(CertificateStore store, CertificateIssuer issuer, RenewalConfig config,
      Clock clock, MeterRegistry registry) {
    this(store, issuer, config, clock, registry, new SecureRandom());
  }

  /** As above, with the source of the backoff's jitter. */
  public RenewalScheduler(CertificateStore store, CertificateIssuer issuer, RenewalConfig config,
      Clock clock, MeterRegistry registry, RandomGenerator jitter) {
    this.store = store;
    this.issuer = issuer;
    this.config = config;
    this.clock = clock;
    this.registry = registry;
    this.backoff = new Backoff(config.initialBackoff(), config.maxBackoff(), jitter);
    store.addListener(trackStored);
  }

  /**
   * Keeps a certificate for {@code request} from now on: issued on the next check when the store
   * has none, renewed when due. Managing the same hostnames again with another challenge type
   * switches the type from the next renewal on.
   */
  public void manage(CertificateRequest request) {
    tracked.compute(request.name(), (name, entry) -> {
      if (entry == null) {
        return new Tracked(request);
      }
      entry.request = request;
      return entry;
    });
  }

  /**
   * Forgets {@code request}'s hostnames: stops renewing, removes their meters and removes the
   * certificate from the store, whose listeners tell the PoPs to stop serving it.
   *
   * @return whether they were managed
   */
  public boolean unmanage(CertificateRequest request) throws IOException {
    synchronized (renewLock) {
      Tracked entry = tracked.remove(request.name());
      store.remove(request);
      if (entry == null) {
        return false;
      }
      entry.meters.forEach(registry::remove);
      return true;
    }
  }

  /** Checks for due certificates now and then every {@link RenewalConfig#checkInterval()}. */
  public synchronized void start() {
    if (closed) {
      throw new IllegalStateException("this renewal scheduler is closed: create a new one");
    }
    if (executor != null) {
      throw new IllegalStateException("the renewal scheduler is already started");
    }
    ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "acme-renewal");
      thread.setDaemon(true);
      return thread;
    });
    started.scheduleWithFixedDelay(this::renewDueLogged, 0,
        config.checkInterval().toMillis(), TimeUnit.MILLISECONDS);
    executor = started;
  }

  /**
   * Stops the background checks, interrupting an attempt in progress (its challenge responses are
   * still withdrawn; the certificate is tried again after the next start), and removes this
   * scheduler's meters (a stopped scheduler reports nothing; a new one registers its own).
   */
  @Override
  public synchronized void close() {
    closed = true;
    store.removeListener(trackStored);
    ScheduledExecutorService running = executor;
    executor = null;
    if (running != null) {
      running.shutdownNow();
      try {
        if (!running.awaitTermination(1, TimeUnit.MINUTES)) {
          log.warn("event=renewal_stop_timeout");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    tracked.values().forEach(entry -> entry.meters.forEach(registry::remove));
  }

  /**
   * Attempts every certificate that is due and not backing off, one after the other.
   *
   * @return how many attempts were made (succeeded or failed)
   */
  public int renewDue() {
    synchronized (renewLock) {
      int attempts = 0;
      for (Tracked entry : new ArrayList<>(tracked.values())) {
        Instant now = clock.instant();
        if (!now.isBefore(entry.nextAttempt())) {
          attempt(entry, now);
          attempts++;
        }
      }
      return attempts;
    }
  }

  /** Where renewal of {@code request} stands, or empty when it is not managed. */
  public Optional<RenewalStatus> status(CertificateRequest request) {
    Tracked entry = tracked.get(request.name());
    return entry == null ? Optional.empty() : Optional.of(entry.status());
  }

  private void renewDueLogged() {
    try {
      renewDue();
    } catch (RuntimeException e) {
      log.error("event=renewal_check_failed error=\"{}\"", e.toString(), e);
    }
  }

  private void attempt(Tracked entry, Instant now) {
    CertificateRequest request = entry.request;
    try {
      IssuedCertificate renewed = issuer.issue(request);
      store.put(renewed);
      entry.succeeded();
      log.info("event=certificate_renewed names={} not_after={} next_renewal={}", request.name(),
          renewed.notAfter(), renewed.renewalDue());
    } catch (IssuanceException | IOException | RuntimeException e) {
      // RuntimeException too: a misconfigured responder or a bug must not stop other renewals.
      Duration wait = backoff.delay(entry.failures + 1);
      entry.failed(now.plus(wait), e.getMessage() == null ? e.toString() : e.getMessage());
      entry.failureCounter.increment();
      log.warn("event=certificate_renewal_failed names={} failures={} retry_in={} error=\"{}\"",
          request.name(), entry.failures, wait, entry.lastError);
    }
  }

  private void track(CertificateRequest request) {
    tracked.computeIfAbsent(request.name(), name -> new Tracked(request));
  }

  /** One managed request: its backoff state and its meters. */
  private final class Tracked {
    volatile CertificateRequest request;
    final Counter failureCounter;
    final List<Meter> meters = new ArrayList<>();
    volatile int failures;
    volatile @Nullable Instant retryAt;
    volatile @Nullable String lastError;

    Tracked(CertificateRequest request) {
      this.request = request;
      String name = request.name();
      this.failureCounter = Counter.builder("meridian.acme.renewal.failures")
          .description("Failed attempts to issue or renew a certificate")
          .tag("certificate", name)
          .register(registry);
      meters.add(failureCounter);
      meters.add(Gauge.builder("meridian.acme.certificate.expiry", this, Tracked::secondsUntilExpiry)
          .description("Seconds until the certificate expires")
          .baseUnit("seconds")
          .tag("certificate", name)
          .strongReference(true)
          .register(registry));
      meters.add(Gauge.builder("meridian.acme.certificate.alert", this, t -> t.alerting() ? 1 : 0)
          .description("1 when renewal is failing in the certificate's last third, or it expires"
              + " soon")
          .tag("certificate", name)
          .strongReference(true)
          .register(registry));
    }

    @Nullable IssuedCertificate current() {
      return store.get(request).orElse(null);
    }

    /** When to try next: at the renewal date, later while backing off, at once when missing. */
    Instant nextAttempt() {
      IssuedCertificate certificate = current();
      Instant due = certificate == null ? Instant.MIN : certificate.renewalDue();
      Instant retry = retryAt;
      return retry != null && retry.isAfter(due) ? retry : due;
    }

    double secondsUntilExpiry() {
      IssuedCertificate certificate = current();
      return certificate == null
          ? Double.NaN
          : Duration.between(clock.instant(), certificate.notAfter()).toMillis() / 1000.0;
    }

    boolean alerting() {
      IssuedCertificate certificate = current();
      Instant now = clock.instant();
      if (certificate == null) {
        return failures > 0;
      }
      boolean lastThird = !now.isBefore(certificate.renewalDue());
      boolean expiresSoon = !now.plus(config.alertBeforeExpiry()).isBefore(certificate.notAfter());
      return (lastThird && failures > 0) || expiresSoon;
    }

    void succeeded() {
      failures = 0;
      retryAt = null;
      lastError = null;
    }

    void failed(Instant retry, String error) {
      failures++;
      retryAt = retry;
      lastError = error;
    }

    RenewalStatus status() {
      IssuedCertificate certificate = current();
      return new RenewalStatus(request, certificate == null ? null : certificate.notAfter(),
          nextAttempt(), failures, lastError, alerting());
    }
  }
}
