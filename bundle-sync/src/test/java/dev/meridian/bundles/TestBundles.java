package dev.meridian.bundles;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/** Small valid bundles for tests of every package. */
public final class TestBundles {

  private TestBundles() {}

  /** A one-module JS worker named {@code name} whose module returns {@code body}. */
  public static Bundle worker(String name, String body) {
    try {
      return Bundle.of(WorkerMetadata.of(name, "index.js"),
          Map.of("index.js", ("export default { fetch() { return new Response(" + quote(body) + "); } };")
              .getBytes(StandardCharsets.UTF_8)));
    } catch (BundleException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A worker with {@code padding} extra bytes of incompressible data, for size tests. */
  public static Bundle sized(String name, int padding) {
    byte[] pad = new byte[padding];
    new java.util.Random(name.hashCode()).nextBytes(pad);
    Map<String, byte[]> files = new TreeMap<>();
    files.put("index.js", "export default {};".getBytes(StandardCharsets.UTF_8));
    files.put("pad.bin", pad);
    try {
      return Bundle.of(WorkerMetadata.of(name, "index.js"), files);
    } catch (BundleException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
