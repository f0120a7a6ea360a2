package dev.meridian.kv.crdt;

import java.util.ArrayList;
import java.util.List;

/**
 * A run of one CRDT type on a few replicas: each step either mutates a replica (recording the
 * delta and checking state-before ⊔ delta = state-after) or joins one replica's state into
 * another's. The replicas' wall clocks are skewed so LWW timestamps interleave.
 */
final class World<S> {

  /** One step: {@code kind < 6} mutates, otherwise replica {@code replica} joins {@code from}. */
  record Step(int replica, int kind, int key, int from, int advanceMillis) {}

  final Model<S> model;
  final List<S> replicas = new ArrayList<>();
  final List<S> deltas = new ArrayList<>();
  final List<String> deltaLawViolations = new ArrayList<>();

  World(Model<S> model, int replicaCount, List<Step> steps) {
    this.model = model;
    long[] time = {1_000};
    List<HybridClock> clocks = new ArrayList<>();
    for (int r = 0; r < replicaCount; r++) {
      long skew = r * 3L;
      clocks.add(new HybridClock(r, () -> time[0] + skew));
      replicas.add(model.empty());
    }
    int op = 1;
    for (Step s : steps) {
      time[0] += s.advanceMillis();
      int r = s.replica() % replicaCount;
      S state = replicas.get(r);
      if (s.kind() < 6) {
        S before = model.copy(state);
        S delta = model.mutate(state, r, clocks.get(r), op++, s.key());
        deltas.add(delta);
        S joined = model.copy(before);
        model.join(joined, delta);
        if (!joined.equals(state)) {
          deltaLawViolations.add("before ⊔ delta = " + joined + " but after = " + state);
        }
      } else {
        model.join(state, replicas.get(s.from() % replicaCount));
      }
    }
  }

  S joinAll() {
    S all = model.empty();
    for (S s : replicas) {
      model.join(all, s);
    }
    return all;
  }
}
