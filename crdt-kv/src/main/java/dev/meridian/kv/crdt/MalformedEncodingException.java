package dev.meridian.kv.crdt;

/** The bytes are truncated or corrupted: they do not follow the encoding they claim. */
public final class MalformedEncodingException extends EncodingException {

  public MalformedEncodingException(String message) {
    super(message);
  }
}
