package dev.meridian.slicer.store;

/**
 * A compare-and-set lost: the stored version is not the one the writer read. The writer re-reads
 * and decides again; for the Assigner this is how a deposed leader's late write is refused.
 */
public final class StoreConflictException extends StoreException {
  private static final long serialVersionUID = 1L;

  public StoreConflictException(String message) {
    super(message);
  }
}
