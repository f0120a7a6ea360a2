package dev.meridian.pop.server;

import dev.meridian.bundles.feed.KeyedFeed;
import dev.meridian.dns.steer.Location;
import dev.meridian.dns.steer.PopReport;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PoP's health report, published on the PoPs' keyed feed every {@link #INTERVAL} while it serves,
 * so DNS keeps answering with it; closing it (a graceful shutdown) deletes the report, so DNS stops
 * at once instead of when the report goes stale. A report that cannot be published is logged and
 * tried again at the next interval.
 */
public final class HealthReporter implements AutoCloseable {

  /** Well inside the DNS side's freshness (10 s): two reports can be lost before a PoP drops out. */
  public static final Duration INTERVAL = Duration.ofSeconds(3);

  private static final Logger LOG = LoggerFactory.getLogger(HealthReporter.class);

  private final KeyedFeed feed;
  private final String pop;
  private final List<String> addresses;
  private final Location location;
  private final int weight;
  private final Clock clock;
  private final ScheduledExecutorService timer;

  private HealthReporter(KeyedFeed feed, String pop, List<String> addresses, Location location, int weight,
      Clock clock, Duration interval) {
    this.feed = feed;
    this.pop = pop;
    this.addresses = List.copyOf(addresses);
    this.location = location;
    this.weight = weight;
    this.clock = clock;
    this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "pop-health-" + pop);
      thread.setDaemon(true);
      return thread;
    });
    timer.scheduleWithFixedDelay(this::report, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Starts reporting {@code pop} at {@code addresses} (literal IPs DNS hands out), {@code location}
   * and {@code weight} (0 drains the PoP: DNS stops sending users, those connected stay served).
   */
  public static HealthReporter start(KeyedFeed feed, String pop, List<String> addresses, Location location,
      int weight) {
    // A bad address fails here, in the caller, not every interval on the timer thread.
    new PopReport(pop, addresses, location, weight, Clock.systemUTC().instant());
    return new HealthReporter(feed, pop, addresses, location, weight, Clock.systemUTC(), INTERVAL);
  }

  private void report() {
    try {
      feed.publish(pop, new PopReport(pop, addresses, location, weight, clock.instant()).toJson());
    } catch (RuntimeException e) {
      LOG.warn("event=health_report_failed pop={} error=\"{}\"", pop, e.getMessage());
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
      feed.delete(pop);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.warn("event=health_withdraw_failed pop={} error=\"{}\"", pop, e.getMessage());
    }
  }
}
