package dev.meridian.kv.crdt;

/** Bytes that cannot be decoded into a CRDT state. */
public abstract sealed class EncodingException extends RuntimeException
    permits MalformedEncodingException, UnsupportedVersionException {

  EncodingException(String message) {
    super(message);
  }
}
