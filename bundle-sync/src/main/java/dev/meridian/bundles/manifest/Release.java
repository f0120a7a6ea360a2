package dev.meridian.bundles.manifest;

import dev.meridian.bundles.Bundle;

/**
 * One version of a deployment and its share of the traffic.
 *
 * @param version the control plane's id of the version (shown to users, logged by PoPs)
 * @param bundleHash the bundle that version is made of
 * @param percent 0 to 100; the releases of a manifest add up to 100
 */
public record Release(String version, String bundleHash, int percent) {

  public Release {
    if (version.isBlank()) {
      throw new IllegalArgumentException("a release needs a version id");
    }
    if (!Bundle.isHash(bundleHash)) {
      throw new IllegalArgumentException("release " + version + ": bundle \"" + bundleHash + "\" is not a lowercase hex SHA-256");
    }
    if (percent < 0 || percent > 100) {
      throw new IllegalArgumentException("release " + version + ": percent " + percent + " is not in 0..100");
    }
  }
}
