package dev.meridian.kv.crdt;

/**
 * One event: the {@code counter}-th event issued by {@code node}. Dots identify the adds of an
 * {@link ORSet} and the writes of an {@link MVRegister}.
 */
public record Dot(int node, long counter) implements Comparable<Dot> {

  public Dot {
    if (node < 0 || counter < 1) {
      throw new IllegalArgumentException("dot needs node >= 0 and counter >= 1, got " + node + ":" + counter);
    }
  }

  @Override
  public int compareTo(Dot o) {
    int c = Integer.compare(node, o.node);
    return c != 0 ? c : Long.compare(counter, o.counter);
  }

  @Override
  public String toString() {
    return node + ":" + counter;
  }
}
