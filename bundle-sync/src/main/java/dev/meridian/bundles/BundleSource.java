package dev.meridian.bundles;

import java.io.IOException;

/**
 * Where a PoP downloads a bundle's encoded bytes from: the control plane's registry over HTTP
 * ({@code fetch.HttpBundleSource}) or, in one process, the registry itself ({@code store.BundleStore}).
 * A source need not verify the bytes: the caller checks them against the hash.
 */
public interface BundleSource {

  /**
   * The encoded bundle named {@code hash} (lowercase hex SHA-256).
   *
   * @throws BundleNotFoundException if the source does not have it (retrying will not help)
   * @throws IOException if the download failed (retrying may help)
   */
  byte[] download(String hash) throws IOException;
}
