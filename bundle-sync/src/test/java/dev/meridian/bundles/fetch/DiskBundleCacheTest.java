package dev.meridian.bundles.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.bundles.Bundle;
import dev.meridian.bundles.TestBundles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskBundleCacheTest {

  @TempDir Path dir;

  private final Bundle a = TestBundles.sized("a", 10_000);
  private final Bundle b = TestBundles.sized("b", 10_000);
  private final Bundle c = TestBundles.sized("c", 10_000);

  private long room(int bundles) {
    return (long) a.size() * bundles + 100; // all three sizes are within a few bytes of each other
  }

  @Test
  void leastRecentlyUsedIsEvictedPastTheLimit() throws Exception {
    DiskBundleCache cache = new DiskBundleCache(dir, room(2));
    cache.put(a);
    cache.put(b);
    assertNotNull(cache.get(a.hash())); // a is now more recent than b
    cache.put(c);
    assertEquals(List.of(a.hash(), c.hash()), cache.hashes());
    assertNull(cache.get(b.hash()));
    assertFalse(Files.exists(dir.resolve(b.hash() + ".bundle")));
    assertTrue(cache.totalBytes() <= room(2));
    assertEquals(a, cache.get(a.hash()));
  }

  @Test
  void contentAndRecencySurviveARestart() throws Exception {
    DiskBundleCache first = new DiskBundleCache(dir, room(3));
    first.put(a);
    first.put(b);
    first.put(c);
    first.get(a.hash()); // order now b, c, a

    DiskBundleCache second = new DiskBundleCache(dir, room(3));
    assertEquals(List.of(b.hash(), c.hash(), a.hash()), second.hashes());
    assertEquals(first.totalBytes(), second.totalBytes());
    Bundle back = second.get(c.hash());
    assertNotNull(back);
    assertEquals(c.metadata(), back.metadata());

    // the get of c above made it the most recent (b, a, c); reopening with a lower limit evicts the oldest
    DiskBundleCache smaller = new DiskBundleCache(dir, room(2));
    assertEquals(List.of(a.hash(), c.hash()), smaller.hashes());
  }

  @Test
  void aDamagedFileIsAMissAndIsDeleted() throws Exception {
    DiskBundleCache cache = new DiskBundleCache(dir, room(3));
    cache.put(a);
    Path file = dir.resolve(a.hash() + ".bundle");
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 1;
    Files.write(file, bytes);
    assertNull(cache.get(a.hash()));
    assertFalse(Files.exists(file));
    assertFalse(cache.contains(a.hash()));
    assertEquals(0, cache.totalBytes());
  }

  @Test
  void aBundleLargerThanTheCacheIsNotKeptAndEvictsNothing() throws Exception {
    DiskBundleCache cache = new DiskBundleCache(dir, room(1));
    cache.put(a);
    assertFalse(cache.put(TestBundles.sized("huge", 50_000)));
    assertEquals(List.of(a.hash()), cache.hashes());
  }

  @Test
  void strayFilesAreIgnoredAndTemporariesRemoved() throws Exception {
    Files.writeString(dir.resolve("notes.txt"), "hi");
    Files.writeString(dir.resolve(".tmp-123"), "half a bundle");
    DiskBundleCache cache = new DiskBundleCache(dir, room(1));
    assertEquals(List.of(), cache.hashes());
    assertFalse(Files.exists(dir.resolve(".tmp-123")));
    assertNull(cache.get("../notes.txt"));
  }
}
