package dev.meridian.control.edge;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which names the deployments use, counted across deployments: a change reports the names that
 * started being used by any deployment and those no deployment uses any more. Two deployments on one
 * hostname (different paths) keep it while either does. Not thread-safe: callers serialize.
 */
final class NameUse {

  /** Names that came into use and names that went out of use. */
  record Change(Set<String> added, Set<String> removed) {}

  private final Map<String, Set<String>> byDeployment = new HashMap<>();
  private final Map<String, Integer> users = new HashMap<>();

  /** {@code deploymentId} now uses exactly {@code names}. */
  Change update(String deploymentId, Set<String> names) {
    Set<String> before = byDeployment.getOrDefault(deploymentId, Set.of());
    Set<String> added = new TreeSet<>();
    Set<String> removed = new TreeSet<>();
    for (String name : names) {
      if (!before.contains(name) && users.merge(name, 1, Integer::sum) == 1) {
        added.add(name);
      }
    }
    for (String name : before) {
      if (!names.contains(name) && users.computeIfPresent(name, (key, count) -> count > 1 ? count - 1 : null) == null) {
        removed.add(name);
      }
    }
    if (names.isEmpty()) {
      byDeployment.remove(deploymentId);
    } else {
      byDeployment.put(deploymentId, Set.copyOf(names));
    }
    return new Change(added, removed);
  }

  /** {@code deploymentId} is gone. */
  Change remove(String deploymentId) {
    return update(deploymentId, Set.of());
  }
}
