package dev.meridian.bundles.store;

import dev.meridian.bundles.BundleException;
import dev.meridian.bundles.BundleNotFoundException;
import dev.meridian.bundles.BundleSource;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Encoded bundles by hash. Only valid bundles get in ({@link #put} decodes first), and a bundle
 * once stored never changes, so readers need no locking. The store is also a {@link BundleSource}:
 * in one process a PoP fetches straight from it.
 */
public interface BundleStore extends BundleSource {

  /**
   * Stores a bundle and returns its hash. A second put of the same bytes writes nothing.
   *
   * @throws BundleException if the bytes are not a valid bundle or too large (see {@link BundleException#reason()})
   * @throws IOException if the store cannot be written
   */
  String put(byte[] encoded) throws BundleException, IOException;

  /** The encoded bundle, or null if there is none with that hash (or {@code hash} is not a hash at all). */
  byte @Nullable [] get(String hash) throws IOException;

  boolean contains(String hash);

  @Override
  default byte[] download(String hash) throws IOException {
    byte[] b = get(hash);
    if (b == null) {
      throw new BundleNotFoundException(hash, "the registry");
    }
    return b;
  }
}
