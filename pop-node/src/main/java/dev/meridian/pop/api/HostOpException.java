package dev.meridian.pop.api;

/**
 * An error a host op raises in JavaScript as a given class: {@code TypeError}, {@code RangeError},
 * or a {@code DOMException} with a given name (for example {@code DataError}).
 */
public final class HostOpException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String jsClass;
  private final String domExceptionName;

  private HostOpException(String jsClass, String domExceptionName, String message) {
    super(message, null, false, false);
    this.jsClass = jsClass;
    this.domExceptionName = domExceptionName;
  }

  public static HostOpException typeError(String message) {
    return new HostOpException("TypeError", null, message);
  }

  public static HostOpException rangeError(String message) {
    return new HostOpException("RangeError", null, message);
  }

  public static HostOpException domException(String name, String message) {
    return new HostOpException("DOMException", name, message);
  }

  /** {@code TypeError}, {@code RangeError} or {@code DOMException}. */
  public String jsClass() {
    return jsClass;
  }

  /** The DOMException's name, or null for the other classes. */
  public String domExceptionName() {
    return domExceptionName;
  }
}
