package dev.meridian.kv;

/** Thrown for metadata whose serialized JSON is longer than {@link KvNamespace#DEFAULT_MAX_METADATA_BYTES} bytes. */
public final class MetadataTooLargeException extends KvException {

  private final long actual;
  private final long limit;

  MetadataTooLargeException(String message, long actual, long limit) {
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
