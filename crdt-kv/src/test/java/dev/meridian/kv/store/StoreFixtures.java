package dev.meridian.kv.store;

import dev.meridian.kv.crdt.Hlc;
import dev.meridian.kv.crdt.LwwMap;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Small builders shared by the store tests, and a directory cleaner the replication tests use too. */
public final class StoreFixtures {

  private StoreFixtures() {}

  static LwwMap put(String key, String value, Hlc stamp) {
    byte[] payload = new KvRecord(value.getBytes(StandardCharsets.UTF_8), null, 0).encode();
    return LwwMap.of(key, new LwwMap.Entry(stamp, payload));
  }

  static LwwMap delete(String key, Hlc stamp) {
    return LwwMap.of(key, new LwwMap.Entry(stamp, null));
  }

  static String text(NamespaceStore.Versioned v) {
    return new String(v.record().value(), StandardCharsets.UTF_8);
  }

  static Hlc at(long millis) {
    return new Hlc(millis, 0, 1);
  }

  /** Deletes {@code dir} and everything under it (jqwik properties get no {@code @TempDir}). */
  public static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
