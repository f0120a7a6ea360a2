package dev.meridian.slicer.slicelet;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.slicer.Await;
import dev.meridian.slicer.Assignment;
import dev.meridian.slicer.AssignmentMode;
import dev.meridian.slicer.Slice;
import dev.meridian.slicer.SliceAssignment;
import dev.meridian.slicer.SliceKeys;
import dev.meridian.slicer.TestCluster;
import dev.meridian.slicer.store.TaskRecord;
import dev.meridian.slicer.store.Versioned;
import dev.meridian.slicer.store.ZooKeeperStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SliceletTest {

  private final TestCluster cluster = new TestCluster("slicelet");

  @AfterEach
  void close() {
    cluster.close();
  }

  private static boolean ownsEverything(Slicelet s) {
    double covered = 0;
    for (SliceAssignment e : s.ownedSlices()) {
      covered += e.slice().fraction();
    }
    return Math.abs(covered - 1.0) < 1e-9;
  }

  @Test
  void learnsItsSlicesAndWhichKeysItKeptContinuously() {
    cluster.assigner("assigner-1", AssignmentMode.AFFINITY);
    Slicelet a = cluster.slicelet("a");
    List<SliceAssignment> lost = new CopyOnWriteArrayList<>();
    a.addListener((generation, added, removed) -> lost.addAll(removed));
    Await.until("a owns the whole keyspace", () -> ownsEverything(a),
        () -> a.ownedSlices().toString());
    List<String> keys = new ArrayList<>();
    List<Handle> handles = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      keys.add("key-" + i);
      handles.add(a.handle("key-" + i));
      assertTrue(a.isAssignedContinuously(handles.get(i)));
    }
    Slicelet b = cluster.slicelet("b");
    Await.until("b gets slices", () -> !b.ownedSlices().isEmpty(),
        () -> b.ownedSlices().toString());
    Await.until("a's listener hears of the loss", () -> !lost.isEmpty(), () -> "");
    int kept = 0;
    int moved = 0;
    for (int i = 0; i < keys.size(); i++) {
      long key = SliceKeys.of(keys.get(i));
      boolean ownsNow = a.ownedSlices().stream().anyMatch(e -> e.slice().contains(key));
      boolean everLost = lost.stream().anyMatch(e -> e.slice().contains(key)) && !ownsNow;
      if (everLost) {
        assertFalse(a.isAssignedContinuously(handles.get(i)), keys.get(i));
        moved++;
      } else if (ownsNow) {
        kept++;
      }
    }
    assertTrue(moved > 0 && kept > 0, "moved=" + moved + " kept=" + kept);
  }

  @Test
  void aKeyLostAndRegainedWasNotAssignedContinuously() {
    ZooKeeperStore writer = cluster.store();
    Slicelet a = cluster.slicelet("a");
    long half = 1L << 62;
    writer.writeAssignment(Assignment.uniform(1, 2, List.of("a")), -1);
    Await.until("a installs generation 1", () -> a.ownedSlices().size() == 2,
        () -> a.ownedSlices().toString());
    String movedKey = keyIn(0, half);
    String keptKey = keyIn(half, SliceKeys.END);
    Handle moved = a.handle(movedKey);
    Handle kept = a.handle(keptKey);
    writer.writeAssignment(Assignment.of(2, AssignmentMode.AFFINITY,
        Assignment.evenSlices(2, i -> List.of(i == 0 ? "b" : "a"))), 0);
    Await.until("a installs generation 2", () -> a.ownedSlices().size() == 1,
        () -> a.ownedSlices().toString());
    writer.writeAssignment(Assignment.uniform(3, 2, List.of("a")), 1);
    Await.until("a installs generation 3", () -> a.ownedSlices().size() == 2,
        () -> a.ownedSlices().toString());
    assertFalse(a.isAssignedContinuously(moved), "the key was b's in generation 2");
    assertTrue(a.isAssignedContinuously(kept));
    assertTrue(a.isAssignedContinuously(a.handle(movedKey)), "a fresh handle is fine");
  }

  private static String keyIn(long start, long end) {
    Slice range = new Slice(start, end);
    for (int i = 0; ; i++) {
      if (range.contains(SliceKeys.of("k" + i))) {
        return "k" + i;
      }
    }
  }

  @Test
  void reportsLoadPerSliceInItsRecord() {
    cluster.assigner("assigner-1", AssignmentMode.AFFINITY);
    Slicelet a = cluster.slicelet("a");
    Await.until("a owns the whole keyspace", () -> ownsEverything(a),
        () -> a.ownedSlices().toString());
    ZooKeeperStore reader = cluster.store();
    Await.until("a's record carries the load it counted", () -> {
      for (int i = 0; i < 100; i++) {
        a.recordLoad("hot-key", 1.0);
      }
      Versioned<TaskRecord> r = reader.readTask("a");
      return r != null && r.value().load().slices().stream().anyMatch(s -> s.load() > 0
          && s.slice().contains(SliceKeys.of("hot-key")));
    }, () -> String.valueOf(reader.readTask("a")));
  }

  @Test
  void aSecondIncarnationMustUseANewId() {
    cluster.slicelet("a");
    var e = assertThrows(IllegalStateException.class, () -> cluster.slicelet("a"));
    assertTrue(e.getMessage().contains("must join under a new id"), e.getMessage());
  }
}
