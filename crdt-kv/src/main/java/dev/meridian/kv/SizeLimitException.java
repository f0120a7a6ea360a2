package dev.meridian.kv;

/** A key, value or metadata larger than its limit; says both sizes. Thrown as a {@code RangeError}. */
public abstract sealed class SizeLimitException extends KvException
    permits KeyTooLongException, ValueTooLargeException, MetadataTooLargeException {

  private final long actual;
  private final long limit;

  SizeLimitException(String message, long actual, long limit) {
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
