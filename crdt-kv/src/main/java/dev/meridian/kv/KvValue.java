package dev.meridian.kv;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A value read back, with what {@code getWithMetadata} returns.
 *
 * @param value the bytes as written
 * @param metadata the metadata as written (serialized JSON), or {@code null}
 * @param expiration seconds since the epoch when the key expires, or {@code null}
 */
public record KvValue(byte[] value, @Nullable String metadata, @Nullable Long expiration) {

  /** The value decoded as UTF-8 ({@code type: "text"}; {@code "json"} parses this). */
  public String text() {
    return new String(value, StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KvValue v && Arrays.equals(value, v.value) && Objects.equals(metadata, v.metadata)
        && Objects.equals(expiration, v.expiration);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(value) * 31 + Objects.hash(metadata, expiration);
  }

  @Override
  public String toString() {
    return "KvValue[" + value.length + "B, metadata=" + metadata + ", expiration=" + expiration + "]";
  }
}
