package dev.meridian.slicer;

/** Stored bytes that do not decode to an assignment: bad magic, checksum, or truncation. */
public final class CorruptAssignmentException extends InvalidAssignmentException {
  private static final long serialVersionUID = 1L;

  public CorruptAssignmentException(String message) {
    super(message);
  }

  public CorruptAssignmentException(String message, Throwable cause) {
    super(message, cause);
  }
}
