package dev.meridian.pop.server;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Hostname + path patterns to deployments, as Workers routes are written: {@code example.com/*},
 * {@code *.example.com/api/*}, {@code shop.example.com/cart}. The most specific pattern wins: an exact
 * host before a wildcard one, then the longest path.
 *
 * @param <T> what a route leads to
 */
public final class RouteTable<T> {

  private record Route<T>(String pattern, String host, boolean wildcardHost, String path, boolean pathPrefix, T target) {}

  private final List<Route<T>> routes = new ArrayList<>();

  /** Adds {@code pattern}; throws with the reason when it is malformed. */
  public void add(String pattern, T target) {
    int slash = pattern.indexOf('/');
    String host = (slash < 0 ? pattern : pattern.substring(0, slash)).toLowerCase(Locale.ROOT);
    String path = slash < 0 ? "/*" : pattern.substring(slash);
    if (host.isEmpty()) {
      throw new IllegalArgumentException("route '" + pattern + "' has no hostname");
    }
    boolean wildcardHost = host.startsWith("*.");
    if (host.substring(wildcardHost ? 2 : 0).contains("*")) {
      throw new IllegalArgumentException("route '" + pattern + "': '*' may only start the hostname ('*.example.com')");
    }
    boolean prefix = path.endsWith("*");
    String fixed = prefix ? path.substring(0, path.length() - 1) : path;
    if (fixed.contains("*")) {
      throw new IllegalArgumentException("route '" + pattern + "': '*' may only end the path ('/api/*')");
    }
    routes.add(new Route<>(pattern, wildcardHost ? host.substring(1) : host, wildcardHost, fixed, prefix, target));
    routes.sort(Comparator.<Route<T>>comparingInt(r -> r.wildcardHost ? 1 : 0)
        .thenComparing(r -> -r.host.length())
        .thenComparing(r -> -r.path.length()));
  }

  /** The target of the most specific route matching {@code host} (port ignored) and {@code path}. */
  public @Nullable T match(String host, String path) {
    String h = host.toLowerCase(Locale.ROOT);
    int colon = h.lastIndexOf(':');
    if (colon > 0 && h.indexOf(']') < colon) {
      h = h.substring(0, colon);
    }
    for (Route<T> route : routes) {
      boolean hostMatches = route.wildcardHost ? h.endsWith(route.host) : h.equals(route.host);
      boolean pathMatches = route.pathPrefix ? path.startsWith(route.path) : path.equals(route.path);
      if (hostMatches && pathMatches) {
        return route.target;
      }
    }
    return null;
  }

  public int size() {
    return routes.size();
  }
}
