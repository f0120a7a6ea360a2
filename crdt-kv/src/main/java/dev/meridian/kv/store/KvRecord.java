package dev.meridian.kv.store;

import dev.meridian.kv.crdt.MalformedEncodingException;
import dev.meridian.kv.crdt.UnsupportedVersionException;
import dev.meridian.kv.crdt.Wire;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * What one live key holds: the value, the metadata (serialized JSON, UTF-8) and the expiration.
 * Encoded as the payload of an {@link dev.meridian.kv.crdt.LwwMap} entry, so deltas on the wire
 * carry it whole.
 *
 * @param value the value bytes
 * @param metadata serialized metadata, or {@code null}
 * @param expiration seconds since the epoch after which the key reads as absent; 0 for never
 */
public record KvRecord(byte[] value, byte @Nullable [] metadata, long expiration) {

  /** Version byte of the payload encoding. */
  public static final int VERSION = 1;

  public byte[] encode() {
    Wire.Writer w = new Wire.Writer(value.length + 16).u8(VERSION).varLong(expiration);
    if (metadata == null) {
      w.u8(0);
    } else {
      w.u8(1).bytes(metadata);
    }
    return w.bytes(value).toByteArray();
  }

  /** Decodes a payload; throws {@link dev.meridian.kv.crdt.EncodingException} on bad bytes. */
  public static KvRecord decode(byte[] bytes) {
    Wire.Reader r = new Wire.Reader(bytes);
    int version = r.u8();
    if (version != VERSION) {
      throw new UnsupportedVersionException("KV record", version, VERSION);
    }
    long expiration = r.varLong();
    int flag = r.u8();
    byte[] metadata = switch (flag) {
      case 0 -> null;
      case 1 -> r.bytes();
      default -> throw new MalformedEncodingException("KV record metadata flag " + flag);
    };
    byte[] value = r.bytes();
    r.expectEnd();
    return new KvRecord(value, metadata, expiration);
  }

  public boolean isExpired(long nowEpochSeconds) {
    return expiration != 0 && expiration <= nowEpochSeconds;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KvRecord r && expiration == r.expiration && Arrays.equals(value, r.value)
        && Arrays.equals(metadata, r.metadata);
  }

  @Override
  public int hashCode() {
    return (Arrays.hashCode(value) * 31 + Arrays.hashCode(metadata)) * 31 + Long.hashCode(expiration);
  }

  @Override
  public String toString() {
    return "KvRecord[" + value.length + "B, metadata=" + (metadata == null ? "none" : metadata.length + "B")
        + ", expiration=" + expiration + "]";
  }
}
