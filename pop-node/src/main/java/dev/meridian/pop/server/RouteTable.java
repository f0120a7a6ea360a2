package dev.meridian.pop.server;

import dev.meridian.bundles.RoutePattern;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Hostname + path patterns to deployments, as Workers routes are written ({@link RoutePattern}):
 * {@code example.com/*}, {@code *.example.com/api/*}, {@code shop.example.com/cart}. The most
 * specific pattern wins: an exact host before a wildcard one, then the longest path.
 *
 * @param <T> what a route leads to
 */
public final class RouteTable<T> {

  private record Route<T>(RoutePattern pattern, T target) {}

  private final List<Route<T>> routes = new ArrayList<>();

  /** Adds {@code pattern}; throws with the reason when it is malformed. */
  public void add(String pattern, T target) {
    routes.add(new Route<>(RoutePattern.parse(pattern), target));
    routes.sort(Comparator.comparing(Route::pattern, RoutePattern.MOST_SPECIFIC_FIRST));
  }

  /** The target of the most specific route matching {@code host} (port ignored) and {@code path}. */
  public @Nullable T match(String host, String path) {
    for (Route<T> route : routes) {
      if (route.pattern.matches(host, path)) {
        return route.target;
      }
    }
    return null;
  }

  public int size() {
    return routes.size();
  }
}
