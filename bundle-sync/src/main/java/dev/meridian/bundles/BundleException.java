package dev.meridian.bundles;

/**
 * A bundle that cannot be accepted: its bytes are not a valid bundle, or it is too large. The
 * message says what was wrong and, where the user can act, what to do. {@link #reason()} lets an
 * API map it to a status (413 for {@link Reason#TOO_LARGE}, 422 otherwise).
 */
public final class BundleException extends Exception {

  /** Why a bundle was refused. */
  public enum Reason {
    /** Encoded or inflated size past a limit ({@link Bundle#MAX_BYTES}, {@link Bundle#MAX_INFLATED_BYTES}). */
    TOO_LARGE,
    /** Anything else: not a ZIP, missing or bad {@code meridian.json}, bad entry names, missing main module. */
    INVALID
  }

  private final Reason reason;

  public BundleException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public BundleException(String message) {
    this(Reason.INVALID, message);
  }

  public BundleException(String message, Throwable cause) {
    super(message, cause);
    this.reason = Reason.INVALID;
  }

  public Reason reason() {
    return reason;
  }
}
