package dev.meridian.pop.server;

import dev.meridian.bundles.manifest.Manifest;
import dev.meridian.bundles.manifest.ManifestFeed;
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

  private final String platformDomain;
  private final Consumer<Manifest> onChange;
  private final Map<String, Manifest> manifests = new ConcurrentHashMap<>();
  private final CountDownLatch replayed = new CountDownLatch(1);
  private volatile RouteTable<Manifest> routes = new RouteTable<>();

  /**
   * @param onChange called with each new or changed manifest after the table has it (to fetch
   *     pinned bundles eagerly)
   */
  DeploymentTable(String platformDomain, Consumer<Manifest> onChange) {
    this.platformDomain = platformDomain;
    this.onChange = onChange;
  }

  /** The manifest serving {@code host} + {@code path}, or null. */
  @Nullable Manifest route(String host, String path) {
    return routes.match(host, path);
  }

  int size() {
    return manifests.size();
  }

  @Nullable Manifest get(String deploymentId) {
    return manifests.get(deploymentId);
  }

  /** Waits until the manifests current at subscribe time are in the table. */
  boolean awaitReplayed(long timeout, TimeUnit unit) throws InterruptedException {
    return replayed.await(timeout, unit);
  }

  @Override
  public void onManifest(Manifest manifest) {
    Manifest held = manifests.get(manifest.deploymentId());
    if (held != null && held.revision() > manifest.revision()) {
      return;
    }
    manifests.put(manifest.deploymentId(), manifest);
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
    RouteTable<Manifest> table = new RouteTable<>();
    for (Manifest manifest : manifests.values()) {
      table.add(manifest.platformHost(platformDomain) + "/*", manifest);
      manifest.routes().forEach(route -> table.add(route, manifest));
    }
    routes = table;
  }
}
