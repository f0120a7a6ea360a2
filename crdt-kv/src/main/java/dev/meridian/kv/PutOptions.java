package dev.meridian.kv;

import org.jspecify.annotations.Nullable;

/**
 * The options of {@link KvNamespace#put}, as in {@code put(key, value, {expiration, expirationTtl,
 * metadata})}.
 *
 * @param expiration seconds since the epoch at which the key expires; at least 60 s ahead
 * @param expirationTtl seconds from now until the key expires; at least 60
 * @param metadata serialized JSON (the binding calls {@code JSON.stringify}); at most {@link
 *     KvNamespace#DEFAULT_MAX_METADATA_BYTES} bytes of UTF-8
 */
public record PutOptions(@Nullable Long expiration, @Nullable Long expirationTtl, @Nullable String metadata) {

  public static final PutOptions NONE = new PutOptions(null, null, null);

  public PutOptions withExpiration(long epochSeconds) {
    return new PutOptions(epochSeconds, expirationTtl, metadata);
  }

  public PutOptions withExpirationTtl(long seconds) {
    return new PutOptions(expiration, seconds, metadata);
  }

  public PutOptions withMetadata(String json) {
    return new PutOptions(expiration, expirationTtl, json);
  }
}
