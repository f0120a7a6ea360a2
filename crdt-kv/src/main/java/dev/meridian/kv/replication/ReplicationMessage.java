package dev.meridian.kv.replication;

import dev.meridian.kv.crdt.Hlc;
import dev.meridian.kv.crdt.LwwMap;
import dev.meridian.kv.crdt.MalformedEncodingException;
import dev.meridian.kv.crdt.UnsupportedVersionException;
import dev.meridian.kv.crdt.Wire;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * A message on a namespace's topic: {@code [version u8][crc32c u32 of the rest][type u8][origin]…}.
 * The version comes first so that a message from a newer build is recognised as such even if its
 * layout changed; the checksum catches corruption the transport let through.
 */
sealed interface ReplicationMessage {

  int VERSION = 1;
  int TYPE_DELTA = 1;
  int TYPE_HEARTBEAT = 2;

  int origin();

  /**
   * Writes of {@code origin}: all of its writes stamped in {@code (after, upTo]} that it still
   * holds, plus possibly others. A receiver that has every write of origin up to {@code after} has
   * every write up to {@code upTo} once it merges {@code entries}.
   */
  record Delta(int origin, Hlc after, Hlc upTo, LwwMap entries) implements ReplicationMessage {}

  /**
   * Progress of {@code origin}: every write it stamped at or below {@code now} is at or below
   * {@code published} (so a receiver holding its writes up to {@code published} holds them up to
   * {@code now}); {@code frontier} is, per other member, the stamp up to which origin holds that
   * member's writes; {@code stable} is the least of those and its own clock.
   */
  record Heartbeat(int origin, Hlc published, Hlc now, Hlc stable, Map<Integer, Hlc> frontier)
      implements ReplicationMessage {}

  static byte[] encode(ReplicationMessage m) {
    Wire.Writer w = new Wire.Writer(m instanceof Delta d ? 64 + d.entries().size() * 48 : 64);
    switch (m) {
      case Delta d -> {
        w.u8(TYPE_DELTA).varInt(d.origin());
        d.after().writeTo(w);
        d.upTo().writeTo(w);
        w.raw(d.entries().encode());
      }
      case Heartbeat h -> {
        w.u8(TYPE_HEARTBEAT).varInt(h.origin());
        h.published().writeTo(w);
        h.now().writeTo(w);
        h.stable().writeTo(w);
        w.varInt(h.frontier().size());
        h.frontier().forEach((node, stamp) -> {
          w.varInt(node);
          stamp.writeTo(w);
        });
      }
    }
    byte[] body = w.toByteArray();
    CRC32C crc = new CRC32C();
    crc.update(body);
    return ByteBuffer.allocate(5 + body.length).put((byte) VERSION).putInt((int) crc.getValue()).put(body).array();
  }

  /**
   * Decodes a message.
   *
   * @throws UnsupportedVersionException if it was written by an encoding version this build lacks
   * @throws MalformedEncodingException if it is truncated or corrupted
   */
  static ReplicationMessage decode(byte[] bytes) {
    if (bytes.length < 1) {
      throw new MalformedEncodingException("empty replication message");
    }
    int version = bytes[0] & 0xFF;
    if (version != VERSION) {
      throw new UnsupportedVersionException("replication message", version, VERSION);
    }
    if (bytes.length < 6) {
      throw new MalformedEncodingException("replication message of " + bytes.length + " bytes");
    }
    int expected = ByteBuffer.wrap(bytes, 1, 4).getInt();
    CRC32C crc = new CRC32C();
    crc.update(bytes, 5, bytes.length - 5);
    if ((int) crc.getValue() != expected) {
      throw new MalformedEncodingException("replication message checksum mismatch");
    }
    Wire.Reader r = new Wire.Reader(bytes, 5, bytes.length - 5);
    int type = r.u8();
    int origin = r.varInt();
    switch (type) {
      case TYPE_DELTA -> {
        Hlc after = Hlc.readFrom(r);
        Hlc upTo = Hlc.readFrom(r);
        int start = bytes.length - r.remaining();
        LwwMap entries = LwwMap.decode(Arrays.copyOfRange(bytes, start, bytes.length));
        return new Delta(origin, after, upTo, entries);
      }
      case TYPE_HEARTBEAT -> {
        Hlc published = Hlc.readFrom(r);
        Hlc now = Hlc.readFrom(r);
        Hlc stable = Hlc.readFrom(r);
        int n = r.count(4);
        Map<Integer, Hlc> frontier = new TreeMap<>();
        for (int i = 0; i < n; i++) {
          frontier.put(r.varInt(), Hlc.readFrom(r));
        }
        r.expectEnd();
        return new Heartbeat(origin, published, now, stable, frontier);
      }
      default -> throw new MalformedEncodingException("replication message type " + type);
    }
  }
}
