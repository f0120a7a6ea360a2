package dev.meridian.slicer;

/**
 * An assignment that breaks an invariant: a gap or an overlap in the keyspace, a slice without a
 * task, a duplicate task, or a strong-mode entry without exactly one owner and a valid token. The
 * message says which slice and what to fix; whoever received it keeps its last good assignment.
 */
public class InvalidAssignmentException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidAssignmentException(String message) {
    super(message);
  }

  public InvalidAssignmentException(String message, Throwable cause) {
    super(message, cause);
  }
}
