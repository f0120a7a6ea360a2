package dev.meridian.slicer.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.slicer.Assignment;
import dev.meridian.slicer.AssignmentCodec;
import dev.meridian.slicer.TestCluster;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AssignmentWatcherTest {

  @Test
  void keepsTheLastGoodAssignmentAndIgnoresOlderOnes() {
    try (TestCluster cluster = new TestCluster("watcher")) {
      ZooKeeperStore store = cluster.store();
      AssignmentWatcher watcher = new AssignmentWatcher(store);
      List<Long> installed = new ArrayList<>();
      watcher.addListener(a -> installed.add(a.generation()));
      Assignment second = Assignment.uniform(2, 3, List.of("a"));
      watcher.offer(new StoredAssignment(second, null, 5, 10));
      watcher.offer(new StoredAssignment(Assignment.uniform(1, 3, List.of("b")), null, 6, 11));
      assertEquals(List.of(2L), installed);
      assertEquals(second, watcher.current());
      watcher.offer(new StoredAssignment(null, "gap in the keyspace at 1000: ...", 7, 12));
      assertEquals(AssignmentHealth.Status.STALE, watcher.health().status());
      assertTrue(watcher.health().detail().contains("gap in the keyspace at 1000"));
      assertEquals(second, watcher.current());
      watcher.offer(new StoredAssignment(Assignment.uniform(3, 3, List.of("c")), null, 8, 13));
      assertEquals(AssignmentHealth.Status.CURRENT, watcher.health().status());
      assertEquals(List.of(2L, 3L), installed);
      assertEquals(3, AssignmentCodec.decode(AssignmentCodec.encode(watcher.current()))
          .generation());
    }
  }
}
