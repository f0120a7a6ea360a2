package dev.meridian.control.store;

/** The database failed (disk, corruption): not the client's fault, answered as a 500 and logged. */
public final class StoreException extends RuntimeException {
  StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
