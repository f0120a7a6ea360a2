package dev.meridian.kv.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meridian.kv.crdt.Hlc;
import dev.meridian.kv.crdt.LwwMap;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The store is the LWW map made durable: applying any set of deltas in any order, with duplicates
 * and with restarts in between, leaves exactly the join of those deltas, tombstones included.
 */
class NamespaceStoreConvergenceTest {

  private static final InstantSource CLOCK = InstantSource.fixed(Instant.ofEpochSecond(1_000));

  @Property(tries = 60)
  void anyDeliveryOrderWithDuplicatesAndRestartsGivesTheJoin(@ForAll long seed,
      @ForAll @IntRange(min = 1, max = 60) int writes) throws IOException {
    Random random = new Random(seed);
    List<LwwMap> deltas = new ArrayList<>();
    LwwMap expected = new LwwMap();
    for (int i = 0; i < writes; i++) {
      String key = "k" + random.nextInt(8);
      Hlc stamp = new Hlc(100 + random.nextInt(40), random.nextInt(3), random.nextInt(3));
      byte[] payload = random.nextInt(4) == 0 ? null
          : new KvRecord(("v" + i).getBytes(StandardCharsets.UTF_8), null, 0).encode();
      LwwMap d = LwwMap.of(key, new LwwMap.Entry(stamp, payload));
      if (random.nextBoolean() && !deltas.isEmpty()) {
        d.join(deltas.get(random.nextInt(deltas.size()))); // a batch of several writes
      }
      deltas.add(d);
      expected.join(d);
    }
    List<LwwMap> delivery = new ArrayList<>(deltas);
    for (LwwMap d : deltas) {
      if (random.nextInt(3) == 0) {
        delivery.add(d);
      }
    }
    Collections.shuffle(delivery, random);
    Path dir = Files.createTempDirectory("kv-conv");
    try {
      StoreConfig cfg = StoreConfig.of(dir).withFsync(FsyncPolicy.never()).withCompactAfterBytes(512);
      NamespaceStore store = NamespaceStore.open(cfg, CLOCK);
      for (LwwMap d : delivery) {
        store.apply(d);
        if (random.nextInt(10) == 0) {
          store.close();
          store = NamespaceStore.open(cfg, CLOCK);
        }
      }
      assertEquals(expected, store.snapshot());
      store.close();
      try (NamespaceStore reopened = NamespaceStore.open(cfg, CLOCK)) {
        assertEquals(expected, reopened.snapshot());
      }
    } finally {
      StoreFixtures.deleteRecursively(dir);
    }
  }
}
