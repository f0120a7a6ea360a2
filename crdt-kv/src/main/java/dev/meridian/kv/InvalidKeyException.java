package dev.meridian.kv;

/** Thrown for a key that is empty, {@code "."} or {@code ".."}. */
public final class InvalidKeyException extends KvException {

  InvalidKeyException(String message) {
    super(message);
  }
}
