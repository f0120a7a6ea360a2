package dev.meridian.pop.server;

import dev.meridian.bundles.manifest.Manifest;
import dev.meridian.bundles.manifest.ManifestFeed;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The deployments a PoP knows from the manifest feed, and the route table made of them: each
 * manifest's routes, and its platform hostname {@code <worker>.<tenant>.<platform domain>}. A change
 * swaps in a new table at once (requests see the old one or the new one, never a half-built one);
 * a manifest older than the one held (a redelivery) is ignored.
 */
final class DeploymentTable implements ManifestFeed.Listener {

  /**
   * A deployment as requests find it: its manifest, and a digest of its sealed secrets, taken once
   * when the manifest arrives rather than on every request (a loaded worker is one version with one
   * set of secrets, so a secret change loads the version anew).
   */
  record Deployment(Manifest manifest, String secretsDigest) {}

  private final String platformDomain;
  private final Consumer<Manifest> onChange;
  private final Map<String, Deployment> manifests = new ConcurrentHashMap<>();
  private final CountDownLatch replayed = new CountDownLatch(1);
  private volatile RouteTable<Deployment> routes = new RouteTable<>();

  /**
   * @param onChange called with each new or changed manifest after the table has it (to fetch
   *     pinned bundles eagerly)
   */
  DeploymentTable(String platformDomain, Consumer<Manifest> onChange) {
    this.platformDomain = platformDomain;
    this.onChange = onChange;
  }

  /** The deployment serving {@code host} + {@code path}, or null. */
  @Nullable Deployment route(String host, String path) {
    return routes.match(host, path);
  }

  int size() {
    return manifests.size();
  }

  @Nullable Manifest get(String deploymentId) {
    Deployment deployment = manifests.get(deploymentId);
    return deployment == null ? null : deployment.manifest();
  }

  /** Waits until the manifests current at subscribe time are in the table. */
  boolean awaitReplayed(long timeout, TimeUnit unit) throws InterruptedException {
    return replayed.await(timeout, unit);
  }

  @Override
  public void onManifest(Manifest manifest) {
    Deployment held = manifests.get(manifest.deploymentId());
    if (held != null && held.manifest().revision() > manifest.revision()) {
      return;
    }
    manifests.put(manifest.deploymentId(), new Deployment(manifest, digest(manifest.sealedSecrets())));
    rebuild();
    onChange.accept(manifest);
  }

  @Override
  public void onDelete(String deploymentId) {
    if (manifests.remove(deploymentId) != null) {
      rebuild();
    }
  }

  @Override
  public void onReplayed() {
    replayed.countDown();
  }

  private synchronized void rebuild() {
    RouteTable<Deployment> table = new RouteTable<>();
    for (Deployment deployment : manifests.values()) {
      Manifest manifest = deployment.manifest();
      table.add(manifest.platformHost(platformDomain) + "/*", deployment);
      manifest.routes().forEach(route -> table.add(route, deployment));
    }
    routes = table;
  }

  private static String digest(Map<String, String> sealedSecrets) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sealedSecrets.forEach((name, sealed) -> {
        sha.update(name.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(sealed.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
      });
      return HexFormat.of().formatHex(sha.digest(), 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
