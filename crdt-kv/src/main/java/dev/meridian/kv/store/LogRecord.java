package dev.meridian.kv.store;

import dev.meridian.kv.crdt.Hlc;
import dev.meridian.kv.crdt.MalformedEncodingException;
import dev.meridian.kv.crdt.UnsupportedVersionException;
import dev.meridian.kv.crdt.Wire;
import org.jspecify.annotations.Nullable;

/**
 * The body of a {@link LogFile} record: {@code [version u8][type u8]…}. An entry record is one
 * LWW register (key, timestamp, payload or tombstone); a watermark record raises the tombstone
 * watermark (see {@link dev.meridian.kv.crdt.LwwMap}).
 */
sealed interface LogRecord {

  int VERSION = 1;
  int TYPE_ENTRY = 1;
  int TYPE_WATERMARK = 2;

  record Entry(String key, Hlc stamp, byte @Nullable [] payload) implements LogRecord {}

  record Watermark(Hlc stable) implements LogRecord {}

  static byte[] entry(String key, Hlc stamp, byte @Nullable [] payload) {
    Wire.Writer w = new Wire.Writer(key.length() + 24 + (payload == null ? 0 : payload.length));
    w.u8(VERSION).u8(TYPE_ENTRY).string(key);
    stamp.writeTo(w);
    if (payload == null) {
      w.u8(0);
    } else {
      w.u8(1).bytes(payload);
    }
    return w.toByteArray();
  }

  static byte[] watermark(Hlc stable) {
    Wire.Writer w = new Wire.Writer().u8(VERSION).u8(TYPE_WATERMARK);
    stable.writeTo(w);
    return w.toByteArray();
  }

  static LogRecord parse(byte[] body) {
    Wire.Reader r = new Wire.Reader(body);
    int version = r.u8();
    if (version != VERSION) {
      throw new UnsupportedVersionException("log record", version, VERSION);
    }
    int type = r.u8();
    LogRecord rec = switch (type) {
      case TYPE_ENTRY -> {
        String key = r.string();
        Hlc stamp = Hlc.readFrom(r);
        int flag = r.u8();
        yield new Entry(key, stamp, flag == 0 ? null : r.bytes());
      }
      case TYPE_WATERMARK -> new Watermark(Hlc.readFrom(r));
      default -> throw new MalformedEncodingException("log record type " + type);
    };
    r.expectEnd();
    return rec;
  }
}
