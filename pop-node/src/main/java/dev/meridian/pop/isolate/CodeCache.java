package dev.meridian.pop.isolate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * V8's code cache for tenant modules, keyed by the SHA-256 of the source: a module compiled once in
 * this process compiles from cache in every later isolate, whichever deployment ships it. Bounded by
 * bytes; the least valuable entries go first.
 */
final class CodeCache {

  static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;

  private final Cache<String, byte[]> entries;

  CodeCache(long maxBytes) {
    this.entries = Caffeine.newBuilder()
        .maximumWeight(maxBytes)
        .weigher((String key, byte[] value) -> value.length)
        .build();
  }

  byte @Nullable [] get(String source) {
    return entries.getIfPresent(key(source));
  }

  void put(String source, byte @Nullable [] cachedData) {
    if (cachedData != null && cachedData.length > 0) {
      entries.put(key(source), cachedData);
    }
  }

  private static String key(String source) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(source.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
