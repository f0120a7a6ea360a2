package dev.meridian.kv;

/** Thrown for a list limit outside 1..1000 or a cursor this store did not issue. */
public final class InvalidListOptionsException extends KvException {

  InvalidListOptionsException(String message) {
    super(message);
  }
}
