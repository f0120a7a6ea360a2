package dev.meridian.control.edge;

import dev.meridian.bundles.RoutePattern;
import dev.meridian.bundles.manifest.Manifest;
import dev.meridian.bundles.manifest.ManifestFeed;
import java.util.Set;
import java.util.TreeSet;

/**
 * A follower of the deployments that acts on the names they route: subclasses say which names a
 * manifest uses and what to do when a name comes into use or goes out of use ({@link NameUse}
 * counts them across deployments). Calls are serialized.
 */
abstract class RoutedNames implements ManifestFeed.Listener {

  private final NameUse use = new NameUse();

  /** The hostnames of {@code manifest}'s routes, a wildcard route's as {@code *.host}. */
  static Set<String> routeHosts(Manifest manifest) {
    Set<String> hosts = new TreeSet<>();
    for (String route : manifest.routes()) {
      RoutePattern pattern = RoutePattern.parse(route);
      hosts.add((pattern.subdomains() ? "*." : "") + pattern.host());
    }
    return hosts;
  }

  /** The names {@code manifest} uses. */
  abstract Set<String> names(Manifest manifest);

  /** Acts on the names that came into use and those no deployment uses any more. */
  abstract void apply(NameUse.Change change);

  @Override
  public final synchronized void onManifest(Manifest manifest) {
    apply(use.update(manifest.deploymentId(), names(manifest)));
  }

  @Override
  public final synchronized void onDelete(String deploymentId) {
    apply(use.remove(deploymentId));
  }

  @Override
  public void onReplayed() {}
}
