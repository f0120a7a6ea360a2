package dev.meridian.kv;

/** Thrown for a value larger than {@link KvNamespace#DEFAULT_MAX_VALUE_BYTES} bytes. */
public final class ValueTooLargeException extends KvException {

  private final long actual;
  private final long limit;

  ValueTooLargeException(String message, long actual, long limit) {
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
