package dev.meridian.kv;

import org.jspecify.annotations.Nullable;

/**
 * One key of a {@link KvListResult}, as Workers KV lists it.
 *
 * @param name the key
 * @param expiration seconds since the epoch, or {@code null}
 * @param metadata serialized JSON metadata, or {@code null}
 */
public record KvKey(String name, @Nullable Long expiration, @Nullable String metadata) {}
