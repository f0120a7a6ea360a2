package dev.meridian.kv;

/** Thrown for a value larger than {@link KvNamespace#DEFAULT_MAX_VALUE_BYTES} bytes. */
public final class ValueTooLargeException extends SizeLimitException {

  ValueTooLargeException(String message, long actual, long limit) {
    super(message, actual, limit);
  }
}
