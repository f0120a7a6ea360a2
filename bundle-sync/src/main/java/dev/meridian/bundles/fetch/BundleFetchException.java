package dev.meridian.bundles.fetch;

import java.io.IOException;

/**
 * A bundle a PoP needs could not be had: not in the registry, never arrived intact, or not within
 * the fetch timeout. The message names the bundle and the cause; the PoP answers the waiting
 * requests with an error and tries again on the next request.
 */
public final class BundleFetchException extends IOException {

  public BundleFetchException(String message) {
    super(message);
  }

  public BundleFetchException(String message, Throwable cause) {
    super(message, cause);
  }
}
