package dev.meridian.kv;

/**
 * An error the caller caused (an oversize key, a bad option); the message says what was wrong and
 * what to do. The binding turns it into a JavaScript {@code TypeError} or {@code RangeError}: see
 * {@link #jsErrorName()}.
 */
public abstract sealed class KvException extends RuntimeException
    permits SizeLimitException, InvalidKeyException,
        InvalidExpirationException, InvalidListOptionsException {

  KvException(String message) {
    super(message);
  }

  /** The JavaScript error class the binding should throw. */
  public String jsErrorName() {
    return "TypeError";
  }
}
