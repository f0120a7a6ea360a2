package dev.meridian.slicer.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.slicer.Assignment;
import dev.meridian.slicer.AssignmentCodec;
import dev.meridian.slicer.AssignmentMode;
import dev.meridian.slicer.Await;
import dev.meridian.slicer.TestCluster;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ZooKeeperStoreTest {

  /** Large enough to need several chunks: 10,000 tasks at 20 slices each. */
  private static Assignment large(long generation) {
    return Assignment.of(generation, AssignmentMode.AFFINITY, Assignment.evenSlices(200_000,
        i -> List.of(String.format("pop-%05d#1732890000", i % 10_000))));
  }

  @Test
  void compareAndSetRefusesAStaleVersion() {
    try (TestCluster cluster = new TestCluster("cas")) {
      ZooKeeperStore store = cluster.store();
      store.writeAssignment(Assignment.uniform(1, 2, List.of("a")), StoredAssignment.ABSENT);
      assertThrows(StoreConflictException.class, () ->
          store.writeAssignment(Assignment.uniform(1, 2, List.of("b")), StoredAssignment.ABSENT));
      int version = store.readAssignment().version();
      store.writeAssignment(Assignment.uniform(2, 2, List.of("b")), version);
      assertThrows(StoreConflictException.class, () ->
          store.writeAssignment(Assignment.uniform(3, 2, List.of("c")), version));
      assertEquals(2, store.readAssignment().assignment().generation());
    }
  }

  @Test
  void anAssignmentOverOneZnodeIsStoredInChunks() throws Exception {
    try (TestCluster cluster = new TestCluster("chunks")) {
      ZooKeeperStore store = cluster.store();
      Assignment first = large(1);
      assertTrue(AssignmentCodec.encode(first).length > 2 * AssignmentChunks.CHUNK_BYTES);
      AtomicReference<Assignment> watched = new AtomicReference<>();
      store.watchAssignment(s -> watched.set(s.assignment()));
      store.writeAssignment(first, StoredAssignment.ABSENT);
      assertEquals(first, store.readAssignment().assignment());
      for (int g = 2; g <= 4; g++) {
        store.writeAssignment(large(g), store.readAssignment().version());
      }
      assertEquals(large(4), store.readAssignment().assignment());
      Await.until("the watcher sees generation 4", () -> watched.get() != null
          && watched.get().generation() == 4, () -> String.valueOf(watched.get()));
      assertTrue(store.readAssignment().corruption() == null);
      try (var raw = org.apache.curator.framework.CuratorFrameworkFactory.newClient(
          cluster.zooKeeper.connectString(), new org.apache.curator.retry.RetryOneTime(10))) {
        raw.start();
        List<String> kept = raw.getChildren()
            .forPath(ZooKeeperStore.basePath(cluster.job) + "/assignment-chunks");
        assertEquals(2, kept.size(), "chunks of generations 3 and 4 only: " + kept);
      }
    }
  }
}
