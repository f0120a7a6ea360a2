package dev.meridian.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.kv.store.FsyncPolicy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The facade on a single node: what the {@code env.MY_KV} binding sees. */
class KvNamespaceTest {

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(1_700_000_000_000L);
  private KvStore store;
  private KvNamespace kv;

  @BeforeEach
  void open() {
    store = KvStore.open(config());
    kv = store.namespace(new NamespaceId("acme", "MY_KV"));
  }

  private KvConfig config() {
    return KvConfig.singleNode(1, dir).withClock(clock).withFsync(FsyncPolicy.never())
        .withMeterRegistry(new SimpleMeterRegistry());
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void aPutIsReadableAtOnceWithItsMetadataAndExpiration() {
    kv.put("greeting", "hello", PutOptions.NONE.withMetadata("{\"v\":1}").withExpirationTtl(120)).join();
    KvValue v = kv.get("greeting").join();
    assertEquals("hello", v.text());
    assertEquals("{\"v\":1}", v.metadata());
    assertEquals(clock.instant().getEpochSecond() + 120, v.expiration());
    kv.put("bytes", new byte[] {0, (byte) 0xFF}, PutOptions.NONE).join();
    assertEquals(2, kv.get("bytes").join().value().length);
    assertNull(kv.get("bytes").join().expiration());
  }

  @Test
  void deleteAndMissingKeysReadAsNull() {
    assertNull(kv.get("nope").join());
    kv.put("k", "v", PutOptions.NONE).join();
    kv.delete("k").join();
    assertNull(kv.get("k").join());
    kv.delete("never-existed").join();
  }

  @Test
  void keysExpire() {
    kv.put("session", "s", PutOptions.NONE.withExpirationTtl(60)).join();
    clock.advanceSeconds(59);
    assertEquals("s", kv.get("session").join().text());
    clock.advanceSeconds(1);
    assertNull(kv.get("session").join());
    assertEquals(List.of(), kv.list(ListOptions.ALL).join().keys());
  }

  @Test
  void listPagesThroughAPrefixInOrderWithCursors() {
    for (int i = 0; i < 25; i++) {
      kv.put(String.format("user:%02d", i), "u", PutOptions.NONE.withMetadata("{\"i\":" + i + "}")).join();
    }
    kv.put("other", "x", PutOptions.NONE).join();
    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      KvListResult page = kv.list(ListOptions.prefix("user:").withLimit(10).withCursor(cursor)).join();
      page.keys().forEach(k -> seen.add(k.name()));
      cursor = page.cursor();
      pages++;
      assertEquals(page.listComplete(), cursor == null);
    } while (cursor != null);
    assertEquals(3, pages);
    assertEquals(25, seen.size());
    assertEquals("user:00", seen.get(0));
    assertEquals("user:24", seen.get(24));
    assertEquals("{\"i\":3}", kv.list(ListOptions.prefix("user:03")).join().keys().get(0).metadata());
  }

  @Test
  void limitsFailWithTypedExceptionsThatSayWhatWasWrong() {
    KeyTooLongException key = fails(KeyTooLongException.class, kv.put("k".repeat(513), "v", PutOptions.NONE));
    assertEquals(513, key.actual());
    assertTrue(key.getMessage().contains("at most 512 bytes"), key.getMessage());
    fails(KeyTooLongException.class, kv.get("é".repeat(257)));
    kv.put("é".repeat(256), "fits: 512 bytes", PutOptions.NONE).join();

    ValueTooLargeException value = fails(ValueTooLargeException.class,
        kv.put("big", new byte[KvNamespace.DEFAULT_MAX_VALUE_BYTES + 1], PutOptions.NONE));
    assertTrue(value.getMessage().contains("25 MiB"), value.getMessage());
    assertEquals("RangeError", value.jsErrorName());

    MetadataTooLargeException meta = fails(MetadataTooLargeException.class,
        kv.put("m", "v", PutOptions.NONE.withMetadata("\"" + "x".repeat(1023) + "\"")));
    assertEquals(1025, meta.actual());

    fails(InvalidKeyException.class, kv.put("", "v", PutOptions.NONE));
    fails(InvalidExpirationException.class, kv.put("k", "v", PutOptions.NONE.withExpirationTtl(59)));
    InvalidExpirationException millis = fails(InvalidExpirationException.class,
        kv.put("k", "v", PutOptions.NONE.withExpiration(clock.instant().getEpochSecond() + 10)));
    assertTrue(millis.getMessage().contains("seconds since the epoch"), millis.getMessage());
    fails(InvalidListOptionsException.class, kv.list(ListOptions.ALL.withLimit(1001)));
    fails(InvalidListOptionsException.class, kv.list(ListOptions.ALL.withCursor("not-a-cursor")));
    assertNull(kv.get("big").join(), "nothing was written by a rejected put");
  }

  @Test
  void aValueOfExactly25MiBIsAccepted() {
    kv.put("max", new byte[KvNamespace.DEFAULT_MAX_VALUE_BYTES], PutOptions.NONE).join();
    assertEquals(KvNamespace.DEFAULT_MAX_VALUE_BYTES, kv.get("max").join().value().length);
  }

  @Test
  void tenantsAreIsolatedEvenWithTheSameNamespaceName() {
    KvNamespace other = store.namespace(new NamespaceId("globex", "MY_KV"));
    kv.put("shared-name", "acme's", PutOptions.NONE).join();
    assertNull(other.get("shared-name").join());
    assertEquals(List.of(), other.list(ListOptions.ALL).join().keys());
    assertThrows(IllegalArgumentException.class, () -> new NamespaceId("../etc", "x"));
  }

  @Test
  void writesSurviveARestart() {
    kv.put("durable", "yes", PutOptions.NONE).join();
    store.close();
    store = KvStore.open(config());
    kv = store.namespace(new NamespaceId("acme", "MY_KV"));
    assertEquals("yes", kv.get("durable").join().text());
    kv.put("durable", "again", PutOptions.NONE).join();
    assertEquals("again", kv.get("durable").join().text(), "the clock moved past the stored stamps");
  }

  @Test
  void aDeleteAfterAPutAtTheSameMillisecondWins() {
    for (int i = 0; i < 100; i++) {
      kv.put("k", "v" + i, PutOptions.NONE).join();
      kv.delete("k").join();
      assertNull(kv.get("k").join());
      kv.put("k", "v" + i, PutOptions.NONE).join();
      assertEquals("v" + i, kv.get("k").join().text());
    }
  }

  private static <E extends KvException> E fails(Class<E> type, CompletableFuture<?> f) {
    CompletionException e = assertThrows(CompletionException.class, f::join);
    assertFalse(f.isCancelled());
    return assertInstanceOf(type, e.getCause());
  }
}
