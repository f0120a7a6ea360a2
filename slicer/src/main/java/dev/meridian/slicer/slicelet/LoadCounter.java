package dev.meridian.slicer.slicelet;

import dev.meridian.slicer.Slice;
import dev.meridian.slicer.SliceAssignment;
import dev.meridian.slicer.SliceLoad;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * Per-slice load: the request path adds to a striped adder; {@link #summarise} swaps the window
 * out and folds it into a decayed per-slice rate, on the renewal thread.
 */
final class LoadCounter {

  private final AtomicReference<ConcurrentHashMap<Slice, DoubleAdder>> window =
      new AtomicReference<>(new ConcurrentHashMap<>());
  private final Map<Slice, Double> smoothed = new HashMap<>();
  private final double decay;

  LoadCounter(double decay) {
    this.decay = decay;
  }

  void add(Slice slice, double weight) {
    window.get().computeIfAbsent(slice, s -> new DoubleAdder()).add(weight);
  }

  /** Load per second over the window just ended, smoothed, for the slices in {@code owned}. */
  List<SliceLoad> summarise(List<SliceAssignment> owned, double windowSeconds) {
    ConcurrentHashMap<Slice, DoubleAdder> ended = window.getAndSet(new ConcurrentHashMap<>());
    List<SliceLoad> out = new ArrayList<>(owned.size());
    Map<Slice, Double> next = new HashMap<>();
    for (SliceAssignment e : owned) {
      DoubleAdder adder = ended.get(e.slice());
      double rate = adder == null ? 0 : adder.sum() / Math.max(windowSeconds, 1e-3);
      double value = decay * smoothed.getOrDefault(e.slice(), rate) + (1 - decay) * rate;
      next.put(e.slice(), value);
      out.add(new SliceLoad(e.slice(), value));
    }
    smoothed.clear();
    smoothed.putAll(next);
    return out;
  }
}
