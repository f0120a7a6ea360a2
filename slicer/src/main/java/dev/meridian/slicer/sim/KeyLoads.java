package dev.meridian.slicer.sim;

import dev.meridian.slicer.SliceKeys;
import dev.meridian.slicer.assigner.LoadMap;
import java.util.Arrays;

/**
 * The true load of a synthetic job: a load per key, summed over ranges of slice keys with prefix
 * sums, as Slicelets' reports would be if they were exact.
 */
final class KeyLoads implements LoadMap {

  private final long[] sliceKeys;
  private final double[] prefix;

  /** {@code sliceKeys[i]} carries {@code loads[i]}; keys need not be sorted or distinct. */
  KeyLoads(long[] sliceKeys, double[] loads) {
    Integer[] order = new Integer[sliceKeys.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Long.compare(sliceKeys[a], sliceKeys[b]));
    this.sliceKeys = new long[sliceKeys.length];
    this.prefix = new double[sliceKeys.length + 1];
    for (int i = 0; i < order.length; i++) {
      this.sliceKeys[i] = sliceKeys[order[i]];
      prefix[i + 1] = prefix[i] + loads[order[i]];
    }
  }

  @Override
  public double loadIn(long start, long end) {
    return prefix[countBelow(end)] - prefix[countBelow(start)];
  }

  private int countBelow(long key) {
    if (key == SliceKeys.END) {
      return sliceKeys.length;
    }
    int i = Arrays.binarySearch(sliceKeys, key);
    if (i < 0) {
      return -i - 1;
    }
    while (i > 0 && sliceKeys[i - 1] == key) {
      i--;
    }
    return i;
  }

  double total() {
    return prefix[prefix.length - 1];
  }
}
