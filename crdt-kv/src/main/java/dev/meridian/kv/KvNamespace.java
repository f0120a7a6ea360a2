package dev.meridian.kv;

import dev.meridian.kv.replication.NamespaceReplica;
import dev.meridian.kv.store.KvRecord;
import dev.meridian.kv.store.NamespaceStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.time.InstantSource;
import org.jspecify.annotations.Nullable;

/**
 * One Workers KV namespace at this PoP: what {@code env.MY_KV} calls. Reads are local; a put or
 * delete completes once it is durable here (per the fsync policy) and visible to the next read at
 * this PoP, and reaches the other PoPs by replication shortly after.
 *
 * <p>Limits, checked before any I/O; past one, the returned future fails with the exception:
 *
 * <table>
 *   <caption>Limits</caption>
 *   <tr><th>limit</th><th>default</th><th>past it</th></tr>
 *   <tr><td>key length, UTF-8 bytes</td><td>{@link #DEFAULT_MAX_KEY_BYTES} (512)</td>
 *       <td>{@link KeyTooLongException}</td></tr>
 *   <tr><td>key content</td><td>not empty, not {@code "."} or {@code ".."}</td>
 *       <td>{@link InvalidKeyException}</td></tr>
 *   <tr><td>value size</td><td>{@link #DEFAULT_MAX_VALUE_BYTES} (25 MiB)</td>
 *       <td>{@link ValueTooLargeException}</td></tr>
 *   <tr><td>metadata, serialized JSON bytes</td><td>{@link #DEFAULT_MAX_METADATA_BYTES} (1024)</td>
 *       <td>{@link MetadataTooLargeException}</td></tr>
 *   <tr><td>expiration / expirationTtl</td><td>at least {@link #MIN_EXPIRATION_TTL_SECONDS} s ahead;
 *       one of the two</td><td>{@link InvalidExpirationException}</td></tr>
 *   <tr><td>list limit</td><td>1 to {@link #DEFAULT_LIST_LIMIT} (1000)</td>
 *       <td>{@link InvalidListOptionsException}</td></tr>
 * </table>
 */
public final class KvNamespace {

  /** Workers KV's key limit. */
  public static final int DEFAULT_MAX_KEY_BYTES = 512;
  /** Workers KV's value limit, 25 MiB. */
  public static final int DEFAULT_MAX_VALUE_BYTES = 25 * 1024 * 1024;
  /** Workers KV's metadata limit. */
  public static final int DEFAULT_MAX_METADATA_BYTES = 1024;
  /** Workers KV's shortest expiration. */
  public static final long MIN_EXPIRATION_TTL_SECONDS = 60;
  /** Workers KV's default and largest list page. */
  public static final int DEFAULT_LIST_LIMIT = 1000;

  private static final String CURSOR_MAGIC = "c1:";

  private final NamespaceId id;
  private final NamespaceReplica replica;
  private final NamespaceStore store;
  private final InstantSource clock;
  private final Executor executor;

  KvNamespace(NamespaceId id, NamespaceReplica replica, InstantSource clock, Executor executor) {
    this.id = id;
    this.replica = replica;
    this.store = replica.store();
    this.clock = clock;
    this.executor = executor;
  }

  public NamespaceId id() {
    return id;
  }

  /**
   * The value of {@code key} with its metadata and expiration ({@code get} and {@code
   * getWithMetadata}), or {@code null} if absent, deleted or expired. The value array is the
   * caller's own copy. Workers' {@code cacheTtl}
   * has no counterpart: every read is served by this PoP's store.
   */
  public CompletableFuture<@Nullable KvValue> get(String key) {
    return run(() -> {
      checkKey(key);
      return () -> {
        NamespaceStore.Versioned v = store.get(key);
        if (v == null) {
          return null;
        }
        KvRecord r = v.record();
        return new KvValue(r.value().clone(), metadataText(r.metadata()), r.expiration() == 0 ? null : r.expiration());
      };
    });
  }

  /** Writes {@code value} under {@code key}. */
  public CompletableFuture<Void> put(String key, byte[] value, PutOptions options) {
    return run(() -> {
      checkKey(key);
      if (value.length > DEFAULT_MAX_VALUE_BYTES) {
        throw new ValueTooLargeException("value is " + value.length + " bytes; Workers KV values are at most "
            + DEFAULT_MAX_VALUE_BYTES + " bytes (25 MiB): split it across keys", value.length, DEFAULT_MAX_VALUE_BYTES);
      }
      byte[] metadata = null;
      if (options.metadata() != null) {
        metadata = options.metadata().getBytes(StandardCharsets.UTF_8);
        if (metadata.length > DEFAULT_MAX_METADATA_BYTES) {
          throw new MetadataTooLargeException("metadata serializes to " + metadata.length
              + " bytes of JSON; Workers KV metadata is at most " + DEFAULT_MAX_METADATA_BYTES
              + " bytes: keep large data in the value", metadata.length, DEFAULT_MAX_METADATA_BYTES);
        }
      }
      long expiration = expirationOf(options);
      byte[] payload = new KvRecord(value.clone(), metadata, expiration).encode();
      return () -> {
        replica.write(key, payload);
        return null;
      };
    });
  }

  /** Writes the UTF-8 bytes of {@code value} under {@code key}. */
  public CompletableFuture<Void> put(String key, String value, PutOptions options) {
    return put(key, value.getBytes(StandardCharsets.UTF_8), options);
  }

  /** Deletes {@code key} (a tombstone, replicated like a put). Deleting an absent key succeeds. */
  public CompletableFuture<Void> delete(String key) {
    return run(() -> {
      checkKey(key);
      return () -> {
        replica.write(key, null);
        return null;
      };
    });
  }

  /** One page of keys in lexicographic order of their UTF-8 bytes. */
  public CompletableFuture<KvListResult> list(ListOptions options) {
    return run(() -> {
      if (options.limit() < 1 || options.limit() > DEFAULT_LIST_LIMIT) {
        throw new InvalidListOptionsException("list limit " + options.limit() + " is outside 1.."
            + DEFAULT_LIST_LIMIT + ": pass a limit in that range or none");
      }
      String after = options.cursor() == null ? null : decodeCursor(options.cursor());
      return () -> {
        List<NamespaceStore.KeyInfo> found = store.list(options.prefix(), after, options.limit() + 1);
        boolean complete = found.size() <= options.limit();
        List<KvKey> keys = new ArrayList<>(Math.min(found.size(), options.limit()));
        for (NamespaceStore.KeyInfo k : found.subList(0, Math.min(found.size(), options.limit()))) {
          keys.add(new KvKey(k.key(), k.expiration() == 0 ? null : k.expiration(), metadataText(k.metadata())));
        }
        String cursor = complete ? null : encodeCursor(keys.get(keys.size() - 1).name());
        return new KvListResult(keys, complete, cursor);
      };
    });
  }

  private long expirationOf(PutOptions o) {
    long now = clock.instant().getEpochSecond();
    if (o.expiration() != null && o.expirationTtl() != null) {
      throw new InvalidExpirationException("both expiration and expirationTtl were given: pass one of them");
    }
    if (o.expirationTtl() != null) {
      if (o.expirationTtl() < MIN_EXPIRATION_TTL_SECONDS) {
        throw new InvalidExpirationException("expirationTtl " + o.expirationTtl() + " s is under the minimum of "
            + MIN_EXPIRATION_TTL_SECONDS + " s");
      }
      return Math.addExact(now, o.expirationTtl());
    }
    if (o.expiration() != null) {
      if (o.expiration() < now + MIN_EXPIRATION_TTL_SECONDS) {
        throw new InvalidExpirationException("expiration " + o.expiration() + " is less than "
            + MIN_EXPIRATION_TTL_SECONDS + " s after now (" + now + "); it is in seconds since the epoch, not millis");
      }
      return o.expiration();
    }
    return 0;
  }

  private static void checkKey(String key) {
    if (key.isEmpty() || key.equals(".") || key.equals("..")) {
      throw new InvalidKeyException("key \"" + key + "\" is not allowed: keys must be non-empty and not \".\" or \"..\"");
    }
    int bytes = utf8Length(key);
    if (bytes > DEFAULT_MAX_KEY_BYTES) {
      throw new KeyTooLongException("key is " + bytes + " bytes of UTF-8; Workers KV keys are at most "
          + DEFAULT_MAX_KEY_BYTES + " bytes: shorten it or hash it", bytes, DEFAULT_MAX_KEY_BYTES);
    }
  }

  private static int utf8Length(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n += 1;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }

  private static @Nullable String metadataText(byte @Nullable [] metadata) {
    return metadata == null ? null : new String(metadata, StandardCharsets.UTF_8);
  }

  private static String encodeCursor(String lastKey) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString((CURSOR_MAGIC + lastKey).getBytes(StandardCharsets.UTF_8));
  }

  private static String decodeCursor(String cursor) {
    String s;
    try {
      s = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      s = "";
    }
    if (!s.startsWith(CURSOR_MAGIC)) {
      throw new InvalidListOptionsException("cursor \"" + cursor
          + "\" was not returned by list(): pass the cursor of the previous page unchanged");
    }
    return s.substring(CURSOR_MAGIC.length());
  }

  /** Runs {@code validate} now and the work it returns on the executor; a KvException fails the future. */
  private <T> CompletableFuture<T> run(Supplier<Supplier<T>> validate) {
    Supplier<T> work;
    try {
      work = validate.get();
    } catch (KvException e) {
      return CompletableFuture.failedFuture(e);
    }
    return CompletableFuture.supplyAsync(work, executor);
  }
}
