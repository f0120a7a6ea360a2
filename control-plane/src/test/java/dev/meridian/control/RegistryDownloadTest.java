package dev.meridian.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.bundles.Bundle;
import dev.meridian.bundles.BundleNotFoundException;
import dev.meridian.bundles.fetch.HttpBundleSource;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bundle-sync's HttpBundleSource, as a PoP uses it, against this registry. */
class RegistryDownloadTest {

  @TempDir
  Path dir;

  @Test
  void aPopDownloadsBundlesWithANodeToken() throws Exception {
    try (TestPlane t = TestPlane.start(dir)) {
      byte[] bundle = TestPlane.bundle("shop", m -> m);
      TestPlane.upload(t.admin, "shop", bundle);
      URI base = URI.create("http://127.0.0.1:" + t.plane.port() + "/");
      HttpBundleSource pop = new HttpBundleSource(base, t.token("default", "node"));
      assertArrayEquals(bundle, pop.download(Bundle.hashOf(bundle)));
      assertArrayEquals(bundle, t.plane.registry().download(Bundle.hashOf(bundle)), "in process, the store is a source");
      assertThrows(BundleNotFoundException.class, () -> pop.download("ab".repeat(32)));
      IOException refused = assertThrows(IOException.class,
          () -> new HttpBundleSource(base, t.token("default", "tail")).download(Bundle.hashOf(bundle)));
      assertTrue(refused.getMessage().contains("node"), refused.getMessage());
    }
  }
}
