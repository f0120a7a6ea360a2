package dev.meridian.control.edge;

import dev.meridian.bundles.feed.KeyedFeed;
import dev.meridian.dns.steer.PopDirectory;
import dev.meridian.dns.steer.PopReport;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PoPs' health reports (a keyed feed, key = PoP id) into the directory DNS steers by: each report
 * makes its PoP healthy with the addresses, location and weight it gives, unless it is already older
 * than the directory's freshness (the last report of a dead PoP, replayed when the feed is read from
 * the start); a deleted key (a PoP that shut down cleanly) leaves at once; a PoP that goes silent goes
 * stale in the directory. A malformed report is logged and skipped.
 */
public final class PopHealthListener implements KeyedFeed.Listener {

  private static final Logger LOG = LoggerFactory.getLogger(PopHealthListener.class);

  private final PopDirectory directory;
  private final Clock clock;
  private final Duration freshness;

  public PopHealthListener(PopDirectory directory, Clock clock, Duration freshness) {
    this.directory = directory;
    this.clock = clock;
    this.freshness = freshness;
  }

  @Override
  public void onUpdate(String key, byte[] value) {
    PopReport report;
    try {
      report = PopReport.fromJson(value);
    } catch (IllegalArgumentException e) {
      LOG.warn("event=pop_report_skipped pop={} error=\"{}\"", key, e.getMessage());
      return;
    }
    if (!report.id().equals(key)) {
      LOG.warn("event=pop_report_skipped pop={} error=\"the report is of PoP {}\"", key, report.id());
      return;
    }
    directory.put(report.toPop());
    directory.setWeight(report.id(), report.weight());
    if (report.reportedAt().plus(freshness).isAfter(clock.instant())) {
      directory.reportHealthy(report.id());
    }
  }

  @Override
  public void onDelete(String key) {
    directory.remove(key);
  }

  @Override
  public void onReplayed() {}
}
