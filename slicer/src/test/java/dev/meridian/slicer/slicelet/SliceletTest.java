package dev.meridian.slicer.slicelet;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.slicer.Await;
import dev.meridian.slicer.AssignmentMode;
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
