package dev.meridian.slicer.lease;

/**
 * A write refused because its fencing token is lower than one storage already accepted for the
 * key: the writer's lease ended and the key has a newer owner. The writer must not retry.
 */
public final class FencingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public FencingException(String message) {
    super(message);
  }
}
