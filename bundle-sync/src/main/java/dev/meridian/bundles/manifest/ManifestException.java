package dev.meridian.bundles.manifest;

/** Bytes that are not a valid {@link Manifest}: corrupt JSON, a missing field, percentages that do not add up. */
public final class ManifestException extends Exception {

  public ManifestException(String message) {
    super(message);
  }

  public ManifestException(String message, Throwable cause) {
    super(message, cause);
  }
}
