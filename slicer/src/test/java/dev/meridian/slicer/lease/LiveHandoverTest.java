package dev.meridian.slicer.lease;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.slicer.AssignmentMode;
import dev.meridian.slicer.Await;
import dev.meridian.slicer.SliceAssignment;
import dev.meridian.slicer.TestCluster;
import dev.meridian.slicer.slicelet.Slicelet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Strong mode moving slices off a live owner to a task that joins: the old owner releases each
 * range before the new one is granted it, under a higher token. Prints the handover times
 * (release to grant), which the benchmarks ask for.
 */
class LiveHandoverTest {

  private record Event(SliceAssignment entry, long at) {}

  @Test
  void theOldOwnerLetsGoBeforeTheNewOneServes() {
    try (TestCluster cluster = new TestCluster("live-handover")) {
      cluster.assigner("assigner-1", AssignmentMode.STRONG);
      Slicelet a = cluster.slicelet("a");
      List<Event> released = new CopyOnWriteArrayList<>();
      a.addListener((g, added, removed) -> removed.forEach(e ->
          released.add(new Event(e, System.nanoTime()))));
      Await.until("a serves every slice", () -> a.lease("x").isPresent()
          && a.ownedSlices().size() >= 16, () -> a.ownedSlices().toString());
      Slicelet b = cluster.slicelet("b");
      List<Event> granted = new CopyOnWriteArrayList<>();
      b.addListener((g, added, removed) -> added.forEach(e ->
          granted.add(new Event(e, System.nanoTime()))));
      Await.until("b is granted slices", () -> granted.size() >= 6, granted::toString);

      List<Long> handoverMs = new ArrayList<>();
      for (Event g : granted) {
        Event r = released.stream()
            .filter(x -> x.entry().slice().contains(g.entry().slice().start()))
            .findFirst().orElseThrow(() -> new AssertionError(
                "b was granted " + g.entry() + " that a never released"));
        assertTrue(r.at() < g.at(), "a released " + r.entry() + " after b was granted it");
        assertTrue(g.entry().token() > r.entry().token(), "token did not grow: " + g + " " + r);
        handoverMs.add((g.at() - r.at()) / 1_000_000);
      }
      handoverMs.sort(null);
      System.out.println("strong-mode live handover (release to grant): median "
          + handoverMs.get(handoverMs.size() / 2) + " ms over " + handoverMs.size() + " ranges");
    }
  }
}
