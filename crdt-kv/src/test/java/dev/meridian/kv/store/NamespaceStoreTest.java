package dev.meridian.kv.store;

import static dev.meridian.kv.store.StoreFixtures.at;
import static dev.meridian.kv.store.StoreFixtures.delete;
import static dev.meridian.kv.store.StoreFixtures.put;
import static dev.meridian.kv.store.StoreFixtures.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.kv.crdt.EncodingException;
import dev.meridian.kv.crdt.LwwMap;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NamespaceStoreTest {

  @TempDir Path dir;
  private final InstantSource clock = InstantSource.fixed(Instant.ofEpochSecond(1_000_000));

  private NamespaceStore open() throws IOException {
    return NamespaceStore.open(StoreConfig.of(dir).withFsync(FsyncPolicy.always()), clock);
  }

  @Test
  void theLaterStampWinsWhateverTheOrderOfApplication() throws IOException {
    try (NamespaceStore s = open()) {
      assertEquals(1, s.apply(put("k", "new", at(20))).size());
      assertEquals(0, s.apply(put("k", "old", at(10))).size(), "an older write changes nothing");
      assertEquals("new", text(s.get("k")));
      s.apply(delete("k", at(30)));
      assertNull(s.get("k"));
      assertEquals(0, s.apply(put("k", "older", at(25))).size(), "the tombstone holds");
    }
  }

  @Test
  void reopeningReplaysTheLog() throws IOException {
    try (NamespaceStore s = open()) {
      for (int i = 0; i < 100; i++) {
        s.apply(put("k" + i, "v" + i, at(10 + i)));
      }
      s.apply(delete("k5", at(500)));
    }
    try (NamespaceStore s = open()) {
      assertEquals("v42", text(s.get("k42")));
      assertNull(s.get("k5"));
      assertEquals(100, s.size());
    }
  }

  @Test
  void aTruncatedTailLosesOnlyTheTornRecord() throws IOException {
    writeTen();
    Path log = onlyLog();
    try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "rw")) {
      f.setLength(f.length() - 3);
    }
    try (NamespaceStore s = open()) {
      assertEquals(9, s.size());
      assertNull(s.get("k9"));
      s.apply(put("after", "crash", at(100)));
    }
    try (NamespaceStore s = open()) {
      assertEquals(10, s.size(), "appends after recovery land on a clean tail");
      assertEquals("crash", text(s.get("after")));
    }
  }

  @Test
  void aCorruptedTailRecordIsCutByItsChecksum() throws IOException {
    writeTen();
    Path log = onlyLog();
    try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "rw")) {
      f.seek(f.length() - 2);
      int b = f.read();
      f.seek(f.length() - 2);
      f.write(b ^ 0x5A);
    }
    try (NamespaceStore s = open()) {
      assertEquals(9, s.size());
      assertEquals("v8", text(s.get("k8")));
    }
  }

  @Test
  void compactionWritesANewGenerationAndKeepsEveryLiveRegister() throws IOException {
    StoreConfig cfg = StoreConfig.of(dir).withFsync(FsyncPolicy.never()).withCompactAfterBytes(4_096);
    try (NamespaceStore s = NamespaceStore.open(cfg, clock)) {
      for (int i = 0; i < 500; i++) {
        s.apply(put("k" + (i % 10), "v" + i, at(10 + i)));
      }
      s.apply(delete("k3", at(1_000)));
      assertTrue(s.logBytes() < 4_096 * 2, "compacted, log is " + s.logBytes());
    }
    Files.writeString(dir.resolve("kv-00000000000000009999.log.tmp"), "half-written compaction");
    try (NamespaceStore s = NamespaceStore.open(cfg, clock)) {
      assertEquals("v499", text(s.get("k9")));
      assertNull(s.get("k3"));
      assertEquals(10, s.size());
    }
    assertEquals(1, logs().size(), "one generation left, the unfinished one removed");
  }

  @Test
  void theWatermarkSurvivesARestartSoPurgedKeysStayDead() throws IOException {
    LwwMap oldPut = put("gone", "resurrected?", at(10));
    try (NamespaceStore s = open()) {
      s.apply(oldPut);
      s.apply(delete("gone", at(20)));
      assertEquals(1, s.purgeTombstones(at(30)));
    }
    try (NamespaceStore s = open()) {
      assertEquals(0, s.size());
      assertEquals(0, s.apply(oldPut).size(), "a re-delivered old write is ignored after restart");
      assertNull(s.get("gone"));
    }
  }

  @Test
  void readsGoThroughTheCacheAndAFreshWriteIsSeenAtOnce() throws IOException {
    StoreConfig cfg = StoreConfig.of(dir).withFsync(FsyncPolicy.never()).withCacheMaxBytes(0);
    try (NamespaceStore s = NamespaceStore.open(cfg, clock)) {
      s.apply(put("k", "v1", at(10)));
      assertEquals("v1", text(s.get("k")), "read from the log when the cache holds nothing");
    }
    try (NamespaceStore s = open()) {
      assertEquals("v1", text(s.get("k")));
      assertEquals("v1", text(s.get("k")));
      assertTrue(s.cacheStats().hitCount() >= 1, s.cacheStats().toString());
      s.apply(put("k", "v2", at(11)));
      assertEquals("v2", text(s.get("k")));
    }
  }

  @Test
  void listReturnsLiveKeysInCodePointOrderAfterTheCursor() throws IOException {
    try (NamespaceStore s = open()) {
      for (String k : List.of("b", "a/2", "a/1", "a/3", "c", "a/\uE000", "a/" + new String(Character.toChars(0x1F600)))) {
        s.apply(put(k, k, at(10)));
      }
      s.apply(delete("a/2", at(20)));
      List<String> page1 = s.list("a/", null, 2).stream().map(NamespaceStore.KeyInfo::key).toList();
      assertEquals(List.of("a/1", "a/3"), page1);
      List<String> page2 = s.list("a/", "a/3", 10).stream().map(NamespaceStore.KeyInfo::key).toList();
      assertEquals(List.of("a/\uE000", "a/" + new String(Character.toChars(0x1F600))), page2);
    }
  }

  @Test
  void expiredKeysReadAsAbsent() throws IOException {
    try (NamespaceStore s = open()) {
      byte[] payload = new KvRecord(new byte[] {1}, null, clock.instant().getEpochSecond()).encode();
      s.apply(LwwMap.of("e", new LwwMap.Entry(at(10), payload)));
      assertNull(s.get("e"));
      assertEquals(List.of(), s.list("", null, 10));
    }
  }

  @Test
  void expiredValuesBecomeTombstonesThatSurviveARestart() throws IOException {
    long expiresAt = clock.instant().getEpochSecond() + 100;
    byte[] payload = new KvRecord(new byte[] {1}, null, expiresAt).encode();
    LwwMap original = LwwMap.of("session", new LwwMap.Entry(at(10), payload));
    try (NamespaceStore s = open()) {
      s.apply(original);
      s.apply(put("keep", "v", at(11)));
      assertEquals(0, s.expire(expiresAt - 1));
      assertArrayEquals(new byte[] {1}, s.get("session").record().value());
      assertEquals(1, s.expire(expiresAt));
      assertTrue(s.snapshot().entry("session").isTombstone());
      assertEquals("v", text(s.get("keep")));
    }
    try (NamespaceStore s = open()) {
      assertTrue(s.snapshot().entry("session").isTombstone(), "the expiry tombstone is replayed");
      assertEquals(1, s.apply(original).size(), "a copy of the expired value wins the tie again");
      assertEquals(1, s.expire(expiresAt));
      assertEquals(1, s.purgeTombstones(at(10)));
      assertEquals(0, s.apply(original).size(), "below the watermark once collected");
    }
  }

  @Test
  void aDeltaWithABadPayloadIsRejectedWhole() throws IOException {
    try (NamespaceStore s = open()) {
      LwwMap bad = put("good", "v", at(10));
      bad.join(LwwMap.of("bad", new LwwMap.Entry(at(11), new byte[] {1, 2})));
      assertThrows(EncodingException.class, () -> s.apply(bad));
      assertNull(s.get("good"));
    }
  }

  private void writeTen() throws IOException {
    try (NamespaceStore s = open()) {
      for (int i = 0; i < 10; i++) {
        s.apply(put("k" + i, "v" + i, at(10 + i)));
      }
    }
  }

  private Path onlyLog() throws IOException {
    List<Path> logs = logs();
    assertEquals(1, logs.size(), logs.toString());
    return logs.get(0);
  }

  private List<Path> logs() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().startsWith("kv-")).toList();
    }
  }
}
