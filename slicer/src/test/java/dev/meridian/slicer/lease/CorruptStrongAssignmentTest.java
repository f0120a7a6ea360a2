package dev.meridian.slicer.lease;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.slicer.AssignmentMode;
import dev.meridian.slicer.Await;
import dev.meridian.slicer.TestCluster;
import dev.meridian.slicer.slicelet.Slicelet;
import dev.meridian.slicer.store.StoredAssignment;
import dev.meridian.slicer.store.ZooKeeperStore;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.junit.jupiter.api.Test;

/**
 * Strong mode cannot trust a remembered assignment once the stored one is corrupt (a grant it
 * never saw may be in force): the Assigner fences off every task that served, waits out their
 * leases, and starts again above every generation, so old tokens stay lower.
 */
class CorruptStrongAssignmentTest {

  @Test
  void everyServingTaskIsFencedOffBeforeAnythingIsGrantedAgain() throws Exception {
    try (TestCluster cluster = new TestCluster("strong-corrupt")) {
      cluster.assigner("assigner-1", AssignmentMode.STRONG);
      Slicelet a = cluster.slicelet("a");
      Await.until("a serves", () -> a.lease("room").isPresent(), () -> a.health().toString());
      long oldToken = a.lease("room").orElseThrow().token();
      ZooKeeperStore reader = cluster.store();
      int version = reader.readAssignment().version();
      try (CuratorFramework raw = CuratorFrameworkFactory.newClient(
          cluster.zooKeeper.connectString(), new RetryOneTime(10))) {
        raw.start();
        raw.setData().withVersion(version).forPath(ZooKeeperStore.assignmentPath(cluster.job),
            new byte[] {1, 2, 3});
      }
      Await.until("a is revoked", () -> a.health().revoked(), () -> a.health().toString());
      assertTrue(a.lease("room").isEmpty());
      Slicelet b = cluster.slicelet("b");
      Await.until("b serves after the fence", () -> b.lease("room").isPresent(),
          () -> b.health() + " " + reader.readAssignment());
      StoredAssignment now = reader.readAssignment();
      assertTrue(now.assignment() != null && !now.assignment().tasks().contains("a"),
          now.toString());
      assertTrue(b.lease("room").orElseThrow().token() > oldToken,
          "token " + b.lease("room") + " not above " + oldToken);
    }
  }
}
