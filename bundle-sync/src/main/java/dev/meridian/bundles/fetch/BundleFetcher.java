package dev.meridian.bundles.fetch;

import dev.meridian.bundles.Bundle;
import dev.meridian.bundles.BundleException;
import dev.meridian.bundles.BundleNotFoundException;
import dev.meridian.bundles.BundleSource;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets the bundle a request needs: from the {@link DiskBundleCache} if it is there, otherwise from
 * the {@link BundleSource}, once, however many requests ask meanwhile.
 *
 * <pre>
 * Single flight. The first fetch of a hash starts a flight (a download on its own virtual thread);
 * every fetch of that hash until the flight ends gets the flight's result. The flight ends when
 * the bundle is in hand or has failed, and is then forgotten: the next fetch after a failure tries
 * again, the next after a success is a cache hit.
 *
 * Verification. The downloaded bytes must hash to the name asked for; if they do not (a damaged
 * transfer, a lying proxy) the download is repeated, up to MAX_ATTEMPTS times, and bad bytes never
 * reach the cache or a caller. Bytes with the right hash that do not decode, and a bundle the
 * source does not have, fail at once: asking again cannot help.
 *
 * Timeout. A flight has a deadline, the fetch timeout from its start; past it the flight fails
 * with a BundleFetchException and its download is interrupted. Callers that joined the flight late
 * share its deadline, so they may wait less than the timeout, never more.
 * </pre>
 */
public final class BundleFetcher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(BundleFetcher.class);
  /** Downloads per flight before a hash mismatch (or a transfer error) fails it. */
  public static final int MAX_ATTEMPTS = 3;

  private final BundleSource source;
  private final DiskBundleCache cache;
  private final Duration timeout;
  private final Map<String, Flight> flights = new ConcurrentHashMap<>();
  private final ExecutorService downloads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("bundle-fetch-", 0).factory());
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "bundle-fetch-timer");
    t.setDaemon(true);
    return t;
  });

  public BundleFetcher(BundleSource source, DiskBundleCache cache, Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
    this.source = source;
    this.cache = cache;
    this.timeout = timeout;
  }

  /**
   * The bundle named {@code hash}. The future fails with a {@link BundleFetchException} if the
   * bundle cannot be had; cancelling it does not cancel the download others may share.
   */
  public CompletableFuture<Bundle> fetch(String hash) {
    if (!Bundle.isHash(hash)) {
      return CompletableFuture.failedFuture(new BundleFetchException("\"" + hash + "\" is not a bundle hash (64 lowercase hex digits)"));
    }
    CompletableFuture<Bundle> result = new CompletableFuture<>();
    Flight mine = new Flight(result,
        result.whenComplete((b, e) -> flights.computeIfPresent(hash, (h, f) -> f.result() == result ? null : f)));
    Flight flight = flights.putIfAbsent(hash, mine);
    if (flight == null) {
      flight = mine;
      start(hash, result);
    }
    return flight.forgotten().copy();
  }

  /**
   * A flight: {@code result} is completed by its download (or its deadline); {@code forgotten}
   * completes with it once the flight has left the map, and is what callers wait on, so whoever a
   * result wakes finds the flight over.
   */
  private record Flight(CompletableFuture<Bundle> result, CompletableFuture<Bundle> forgotten) {}

  /** Number of flights under way (for metrics and tests). */
  public int inFlight() {
    return flights.size();
  }

  private void start(String hash, CompletableFuture<Bundle> flight) {
    Future<?> task;
    ScheduledFuture<?> deadline;
    try {
      task = downloads.submit(() -> fly(hash, flight));
      deadline = timer.schedule(() -> {
        if (flight.completeExceptionally(new BundleFetchException("bundle " + hash + " was not fetched within " + timeout
            + " from " + source + ": is the control plane reachable?"))) {
          task.cancel(true);
        }
      }, timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RuntimeException rejected) { // closed
      flight.completeExceptionally(new BundleFetchException("the bundle fetcher is closed"));
      return;
    }
    flight.whenComplete((b, e) -> deadline.cancel(false));
  }

  private void fly(String hash, CompletableFuture<Bundle> flight) {
    try {
      Bundle cached = cache.get(hash);
      if (cached != null) {
        flight.complete(cached);
        return;
      }
      Bundle fetched = download(hash);
      if (flight.isDone()) {
        return; // timed out meanwhile: the caller has its answer, nothing is cached from a late flight
      }
      try {
        cache.put(fetched);
      } catch (IOException e) {
        LOG.warn("event=bundle_cache_write_failed hash={} error={} action=serve_uncached", hash, e.toString());
      }
      flight.complete(fetched);
    } catch (BundleFetchException e) {
      flight.completeExceptionally(e);
    } catch (IOException | RuntimeException e) {
      flight.completeExceptionally(new BundleFetchException("bundle " + hash + " could not be fetched: " + e, e));
    }
  }

  private Bundle download(String hash) throws IOException {
    @Nullable IOException last = null;
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      if (Thread.currentThread().isInterrupted()) {
        throw new BundleFetchException("bundle " + hash + ": the fetch was interrupted");
      }
      byte[] bytes;
      try {
        bytes = source.download(hash);
      } catch (BundleNotFoundException e) {
        throw new BundleFetchException(e.getMessage(), e);
      } catch (IOException e) {
        LOG.warn("event=bundle_download_failed hash={} attempt={} error={}", hash, attempt, e.toString());
        last = e;
        continue;
      }
      String actual = Bundle.hashOf(bytes);
      if (!actual.equals(hash)) {
        LOG.warn("event=bundle_hash_mismatch hash={} got={} bytes={} attempt={} action=refetch", hash, actual, bytes.length, attempt);
        last = new IOException("the downloaded bytes hash to " + actual + ", not " + hash);
        continue;
      }
      try {
        return Bundle.decode(bytes);
      } catch (BundleException e) {
        throw new BundleFetchException("bundle " + hash + " arrived intact but is not a valid bundle: " + e.getMessage(), e);
      }
    }
    throw new BundleFetchException("bundle " + hash + " could not be fetched from " + source + " in " + MAX_ATTEMPTS
        + " attempts; last: " + (last == null ? "?" : last.getMessage()), last);
  }

  /** Fails the flights under way and stops their downloads. */
  @Override
  public void close() {
    timer.shutdownNow();
    downloads.shutdownNow();
    flights.values().forEach(f -> f.result().completeExceptionally(new BundleFetchException("the bundle fetcher was closed")));
  }
}
