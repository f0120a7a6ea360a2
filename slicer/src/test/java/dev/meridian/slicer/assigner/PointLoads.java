package dev.meridian.slicer.assigner;

import dev.meridian.slicer.Assignment;
import dev.meridian.slicer.SliceAssignment;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/** Load at a few slice keys, for tests; also measures task loads without the Assigner's help. */
final class PointLoads implements LoadMap {

  private final TreeMap<Long, Double> points = new TreeMap<>();

  PointLoads add(long sliceKey, double load) {
    points.merge(sliceKey, load, Double::sum);
    return this;
  }

  @Override
  public double loadIn(long start, long end) {
    var range = end == Long.MIN_VALUE ? points.tailMap(start, true)
        : points.subMap(start, true, end, false);
    double sum = 0;
    for (double v : range.values()) {
      sum += v;
    }
    return sum;
  }

  /** Hottest task over the mean, with each slice's load shared evenly by its replicas. */
  double imbalance(Assignment a, int tasks) {
    Map<String, Double> perTask = new HashMap<>();
    double total = 0;
    for (SliceAssignment e : a.entries()) {
      double load = loadIn(e.slice().start(), e.slice().end());
      total += load;
      for (String t : e.tasks()) {
        perTask.merge(t, load / e.tasks().size(), Double::sum);
      }
    }
    double max = perTask.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    return total > 0 ? max / (total / tasks) : 1.0;
  }
}
