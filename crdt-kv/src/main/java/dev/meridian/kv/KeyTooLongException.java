package dev.meridian.kv;

/** Thrown for a key longer than {@link KvNamespace#DEFAULT_MAX_KEY_BYTES} bytes of UTF-8. */
public final class KeyTooLongException extends SizeLimitException {

  KeyTooLongException(String message, long actual, long limit) {
    super(message, actual, limit);
  }
}
