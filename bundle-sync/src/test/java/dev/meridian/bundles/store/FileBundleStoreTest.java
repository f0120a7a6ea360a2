package dev.meridian.bundles.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.bundles.Bundle;
import dev.meridian.bundles.BundleException;
import dev.meridian.bundles.BundleNotFoundException;
import dev.meridian.bundles.TestBundles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBundleStoreTest {

  @TempDir Path dir;

  @Test
  void putReturnsTheHashAndGetReturnsTheBytes() throws Exception {
    FileBundleStore store = new FileBundleStore(dir, Bundle.MAX_BYTES);
    Bundle b = TestBundles.worker("w", "one");
    String hash = store.put(b.encode());
    assertEquals(b.hash(), hash);
    assertTrue(store.contains(hash));
    assertArrayEquals(b.encode(), store.get(hash));
    assertArrayEquals(b.encode(), store.download(hash));
    assertTrue(Files.exists(dir.resolve(hash.substring(0, 2)).resolve(hash)));
  }

  @Test
  void aSecondPutOfTheSameBytesWritesNothing() throws Exception {
    FileBundleStore store = new FileBundleStore(dir, Bundle.MAX_BYTES);
    byte[] bytes = TestBundles.worker("w", "one").encode();
    String hash = store.put(bytes);
    Path file = dir.resolve(hash.substring(0, 2)).resolve(hash);
    FileTime old = FileTime.fromMillis(1_000_000L);
    Files.setLastModifiedTime(file, old);
    assertEquals(hash, store.put(bytes));
    assertEquals(old, Files.getLastModifiedTime(file));
    assertEquals(1, files().size());
  }

  @Test
  void concurrentPutsOfOneBundleAllSucceedWithOneFileAndNoTemporaries() throws Exception {
    FileBundleStore store = new FileBundleStore(dir, Bundle.MAX_BYTES);
    byte[] bytes = TestBundles.sized("w", 200_000).encode();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> puts = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        puts.add(pool.submit((Callable<String>) () -> store.put(bytes)));
      }
      for (Future<String> f : puts) {
        assertEquals(Bundle.hashOf(bytes), f.get());
      }
    } finally {
      pool.shutdown();
    }
    assertEquals(List.of(Bundle.hashOf(bytes)), files().stream().map(p -> p.getFileName().toString()).toList());
    assertArrayEquals(bytes, store.get(Bundle.hashOf(bytes)));
  }

  @Test
  void tooLargeIsRefusedWithReasonAndNothingWritten() throws Exception {
    FileBundleStore store = new FileBundleStore(dir, 50_000);
    BundleException e = assertThrows(BundleException.class, () -> store.put(TestBundles.sized("big", 60_000).encode()));
    assertEquals(BundleException.Reason.TOO_LARGE, e.reason());
    assertTrue(e.getMessage().contains("at most 50000 bytes"), e.getMessage());
    assertEquals(List.of(), files());
  }

  @Test
  void invalidBundlesAreRefusedAndNothingWritten() throws Exception {
    FileBundleStore store = new FileBundleStore(dir, Bundle.MAX_BYTES);
    BundleException e = assertThrows(BundleException.class, () -> store.put("not a zip".getBytes()));
    assertEquals(BundleException.Reason.INVALID, e.reason());
    assertEquals(List.of(), files());
  }

  @Test
  void unknownAndMalformedHashesAreAbsent() throws Exception {
    FileBundleStore store = new FileBundleStore(dir, Bundle.MAX_BYTES);
    Files.writeString(dir.resolve("secret.txt"), "x");
    assertNull(store.get("0".repeat(64)));
    assertNull(store.get("../secret.txt"));
    assertNull(store.get("ABCDEF"));
    assertFalse(store.contains("../secret.txt"));
    assertThrows(BundleNotFoundException.class, () -> store.download("0".repeat(64)));
  }

  @Test
  void limitMustBeSane() {
    assertThrows(IllegalArgumentException.class, () -> new FileBundleStore(dir, 0));
    assertThrows(IllegalArgumentException.class, () -> new FileBundleStore(dir, Bundle.MAX_BYTES + 1L));
  }

  private List<Path> files() throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).toList();
    }
  }
}
