package dev.meridian.bundles.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.bundles.Bundle;
import dev.meridian.bundles.BundleNotFoundException;
import dev.meridian.bundles.BundleSource;
import dev.meridian.bundles.TestBundles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleFetcherTest {

  @TempDir Path dir;
  private final Bundle bundle = TestBundles.sized("w", 100_000);
  private final List<BundleFetcher> fetchers = new ArrayList<>();

  /** A source serving {@code bundle}, counting downloads; each test bends it a different way. */
  private abstract static class CountingSource implements BundleSource {
    final AtomicInteger downloads = new AtomicInteger();

    @Override
    public byte[] download(String hash) throws IOException {
      return serve(downloads.incrementAndGet(), hash);
    }

    abstract byte[] serve(int n, String hash) throws IOException;
  }

  private BundleFetcher fetcher(BundleSource source, DiskBundleCache cache, Duration timeout) {
    BundleFetcher f = new BundleFetcher(source, cache, timeout);
    fetchers.add(f);
    return f;
  }

  @AfterEach
  void close() {
    fetchers.forEach(BundleFetcher::close);
  }

  @Test
  void fiftyConcurrentFetchesShareOneDownload() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountingSource source = new CountingSource() {
      @Override
      byte[] serve(int n, String hash) throws IOException {
        try {
          release.await();
        } catch (InterruptedException e) {
          throw new IOException(e);
        }
        return bundle.encode();
      }
    };
    DiskBundleCache cache = new DiskBundleCache(dir, 10 << 20);
    BundleFetcher f = fetcher(source, cache, Duration.ofMinutes(1));
    List<CompletableFuture<Bundle>> all = new ArrayList<>();
    List<Thread> callers = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      Thread t = Thread.ofPlatform().start(() -> {
        CompletableFuture<Bundle> r = f.fetch(bundle.hash());
        synchronized (all) {
          all.add(r);
        }
      });
      callers.add(t);
    }
    for (Thread t : callers) {
      t.join();
    }
    assertEquals(1, f.inFlight());
    release.countDown();
    for (CompletableFuture<Bundle> r : all) {
      assertEquals(bundle, r.get(30, TimeUnit.SECONDS));
    }
    assertEquals(1, source.downloads.get());
    assertTrue(cache.contains(bundle.hash()));

    assertEquals(bundle, f.fetch(bundle.hash()).get(30, TimeUnit.SECONDS)); // now a cache hit
    assertEquals(1, source.downloads.get());
  }

  @Test
  void aHashMismatchIsDownloadedAgainAndTheGoodBytesWin() throws Exception {
    CountingSource source = new CountingSource() {
      @Override
      byte[] serve(int n, String hash) {
        byte[] b = bundle.encode();
        if (n == 1) {
          b[b.length / 2] ^= 1;
        }
        return b;
      }
    };
    DiskBundleCache cache = new DiskBundleCache(dir, 10 << 20);
    Bundle got = fetcher(source, cache, Duration.ofMinutes(1)).fetch(bundle.hash()).get(30, TimeUnit.SECONDS);
    assertEquals(bundle.hash(), got.hash());
    assertEquals(2, source.downloads.get());
    assertEquals(bundle, cache.get(bundle.hash()));
  }

  @Test
  void alwaysCorruptFailsAfterTheAttemptsAndCachesNothing() throws Exception {
    CountingSource source = new CountingSource() {
      @Override
      byte[] serve(int n, String hash) {
        return TestBundles.worker("impostor", "evil").encode(); // a valid bundle, but not the one asked for
      }
    };
    DiskBundleCache cache = new DiskBundleCache(dir, 10 << 20);
    BundleFetcher f = fetcher(source, cache, Duration.ofMinutes(1));
    BundleFetchException e = failure(f.fetch(bundle.hash()));
    assertTrue(e.getMessage().contains(BundleFetcher.MAX_ATTEMPTS + " attempts"), e.getMessage());
    assertTrue(e.getMessage().contains("hash to"), e.getMessage());
    assertEquals(BundleFetcher.MAX_ATTEMPTS, source.downloads.get());
    assertEquals(List.of(), cache.hashes());
    assertEquals(0, f.inFlight());

    failure(f.fetch(bundle.hash())); // a failed flight is forgotten: the next fetch tries again
    assertEquals(2 * BundleFetcher.MAX_ATTEMPTS, source.downloads.get());
  }

  @Test
  void transferErrorsAreRetriedToo() throws Exception {
    CountingSource source = new CountingSource() {
      @Override
      byte[] serve(int n, String hash) throws IOException {
        if (n < BundleFetcher.MAX_ATTEMPTS) {
          throw new IOException("connection reset");
        }
        return bundle.encode();
      }
    };
    assertEquals(bundle, fetcher(source, new DiskBundleCache(dir, 10 << 20), Duration.ofMinutes(1))
        .fetch(bundle.hash()).get(30, TimeUnit.SECONDS));
  }

  @Test
  void aBundleTheRegistryLacksFailsAtOnce() throws Exception {
    CountingSource source = new CountingSource() {
      @Override
      byte[] serve(int n, String hash) throws IOException {
        throw new BundleNotFoundException(hash, "the test registry");
      }
    };
    BundleFetchException e = failure(fetcher(source, new DiskBundleCache(dir, 10 << 20), Duration.ofMinutes(1)).fetch(bundle.hash()));
    assertTrue(e.getMessage().contains("is not in the test registry"), e.getMessage());
    assertEquals(1, source.downloads.get());
  }

  @Test
  void aHungDownloadTimesOutWithAClearErrorAndIsInterrupted() throws Exception {
    CountDownLatch interrupted = new CountDownLatch(1);
    CountingSource source = new CountingSource() {
      @Override
      byte[] serve(int n, String hash) throws IOException {
        try {
          new CountDownLatch(1).await(); // never released
        } catch (InterruptedException e) {
          interrupted.countDown();
        }
        throw new IOException("interrupted");
      }
    };
    DiskBundleCache cache = new DiskBundleCache(dir, 10 << 20);
    BundleFetcher f = fetcher(source, cache, Duration.ofMillis(200));
    BundleFetchException e = failure(f.fetch(bundle.hash()));
    assertTrue(e.getMessage().contains("was not fetched within PT0.2S"), e.getMessage());
    assertTrue(interrupted.await(30, TimeUnit.SECONDS), "the download thread was not interrupted");
    assertEquals(List.of(), cache.hashes());
  }

  @Test
  void notAHashFailsWithoutDownloading() throws Exception {
    CountingSource source = new CountingSource() {
      @Override
      byte[] serve(int n, String hash) {
        return bundle.encode();
      }
    };
    BundleFetchException e = failure(fetcher(source, new DiskBundleCache(dir, 1 << 20), Duration.ofMinutes(1)).fetch("../etc/passwd"));
    assertTrue(e.getMessage().contains("not a bundle hash"), e.getMessage());
    assertEquals(0, source.downloads.get());
  }

  @Test
  void cancellingOneCallerDoesNotCancelTheSharedDownload() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountingSource source = new CountingSource() {
      @Override
      byte[] serve(int n, String hash) throws IOException {
        try {
          release.await();
        } catch (InterruptedException e) {
          throw new IOException(e);
        }
        return bundle.encode();
      }
    };
    BundleFetcher f = fetcher(source, new DiskBundleCache(dir, 10 << 20), Duration.ofMinutes(1));
    CompletableFuture<Bundle> impatient = f.fetch(bundle.hash());
    CompletableFuture<Bundle> patient = f.fetch(bundle.hash());
    impatient.cancel(true);
    release.countDown();
    assertEquals(bundle, patient.get(30, TimeUnit.SECONDS));
    assertFalse(patient.isCancelled());
  }

  private static BundleFetchException failure(CompletableFuture<Bundle> f) throws InterruptedException {
    ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(30, TimeUnit.SECONDS));
    return assertInstanceOf(BundleFetchException.class, e.getCause());
  }
}
