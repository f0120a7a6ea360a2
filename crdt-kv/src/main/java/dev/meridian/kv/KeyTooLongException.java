package dev.meridian.kv;

/** Thrown for a key longer than {@link KvNamespace#DEFAULT_MAX_KEY_BYTES} bytes of UTF-8. */
public final class KeyTooLongException extends KvException {

  private final long actual;
  private final long limit;

  KeyTooLongException(String message, long actual, long limit) {
    super(message);
    this.actual = actual;
    this.limit = limit;
  }

  /** The size given, in bytes. */
  public long actual() {
    return actual;
  }

  /** The limit, in bytes. */
  public long limit() {
    return limit;
  }

  @Override
  public String jsErrorName() {
    return "RangeError";
  }
}
