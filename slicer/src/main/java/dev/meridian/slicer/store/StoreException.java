package dev.meridian.slicer.store;

/** The store could not be read or written: unreachable, timed out, or refused. */
public class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  public StoreException(String message) {
    super(message);
  }
}
