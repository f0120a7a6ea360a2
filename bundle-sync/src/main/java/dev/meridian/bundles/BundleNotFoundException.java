package dev.meridian.bundles;

import java.io.IOException;

/** A {@link BundleSource} does not have the bundle asked for: a manifest names a bundle the registry lacks. */
public final class BundleNotFoundException extends IOException {

  public BundleNotFoundException(String hash, String where) {
    super("bundle " + hash + " is not in " + where + ": was it uploaded to this control plane?");
  }
}
