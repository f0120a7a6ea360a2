package dev.meridian.slicer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.slicer.assigner.AssignerService;
import dev.meridian.slicer.clerk.Clerk;
import dev.meridian.slicer.slicelet.Slicelet;
import dev.meridian.slicer.store.AssignmentHealth;
import dev.meridian.slicer.store.ZooKeeperStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Assigner, Slicelets and Clerks in one JVM over a real in-process ZooKeeper. */
class InProcessClusterTest {

  private final TestCluster cluster = new TestCluster("in-process");

  @AfterEach
  void close() {
    cluster.close();
  }

  private static boolean tasksAre(Clerk clerk, Set<String> tasks) {
    Assignment a = clerk.assignment();
    return a != null && a.tasks().equals(tasks);
  }

  private static String describe(Clerk clerk) {
    return String.valueOf(clerk.assignment()) + " " + clerk.health();
  }

  @Test
  void aKilledTaskHasItsSlicesReassigned() {
    cluster.assigner("assigner-1", AssignmentMode.AFFINITY);
    List<Slicelet> slicelets = new ArrayList<>();
    for (String id : List.of("a", "b", "c")) {
      slicelets.add(cluster.slicelet(id));
    }
    Clerk clerk = cluster.clerk();
    Clerk otherClerk = cluster.clerk();
    Await.until("all three tasks are assigned", () -> tasksAre(clerk, Set.of("a", "b", "c")),
        () -> describe(clerk));
    Await.until("every slicelet knows its slices",
        () -> slicelets.stream().allMatch(s -> !s.ownedSlices().isEmpty()), () -> "");
    String key = "durable-object-17";
    slicelets.get(1).close();
    long killed = System.nanoTime();
    Await.until("b's slices moved to a and c", () -> tasksAre(clerk, Set.of("a", "c")),
        () -> describe(clerk));
    System.out.printf("task failure to reassignment: %d ms%n",
        (System.nanoTime() - killed) / 1_000_000);
    Await.until("the other clerk agrees", () -> tasksAre(otherClerk, Set.of("a", "c")),
        () -> describe(otherClerk));
    Await.until("both clerks route the key alike under one generation", () -> {
      Assignment mine = clerk.assignment();
      Assignment theirs = otherClerk.assignment();
      return mine != null && theirs != null && mine.generation() == theirs.generation()
          && mine.tasksFor(SliceKeys.of(key)).equals(theirs.tasksFor(SliceKeys.of(key)));
    }, () -> describe(clerk) + " / " + describe(otherClerk));
    List<String> owner = clerk.lookup(key);
    assertEquals(1, owner.size());
    Await.until("the key's current owner knows it owns the key", () -> {
      Slicelet now = clerk.lookup(key).get(0).equals("a") ? slicelets.get(0) : slicelets.get(2);
      return now.isAssignedContinuously(now.handle(key));
    }, () -> describe(clerk));
  }

  @Test
  void aStandbyAssignerTakesOverWhenTheLeaderDies() {
    AssignerService first = cluster.assigner("assigner-1", AssignmentMode.AFFINITY);
    AssignerService second = cluster.assigner("assigner-2", AssignmentMode.AFFINITY);
    cluster.slicelet("a");
    cluster.slicelet("b");
    Clerk clerk = cluster.clerk();
    Await.until("an assignment names both tasks", () -> tasksAre(clerk, Set.of("a", "b")),
        () -> describe(clerk));
    Await.until("one leader", () -> first.isLeader() ^ second.isLeader(),
        () -> first.isLeader() + "/" + second.isLeader());
    AssignerService leader = first.isLeader() ? first : second;
    AssignerService standby = leader == first ? second : first;
    leader.close();
    long killed = System.nanoTime();
    Await.until("the standby leads", standby::isLeader, () -> "");
    System.out.printf("assigner failover (leader closed): %d ms%n",
        (System.nanoTime() - killed) / 1_000_000);
    cluster.slicelet("c");
    Await.until("the new leader assigns the new task", () -> tasksAre(clerk,
        Set.of("a", "b", "c")), () -> describe(clerk));
    assertTrue(standby.writes() > 0);
  }

  @Test
  void clerksKeepRoutingWhileTheStoreIsDown() {
    AssignerService assigner = cluster.assigner("assigner-1", AssignmentMode.AFFINITY);
    cluster.slicelet("a");
    cluster.slicelet("b");
    Clerk clerk = cluster.clerk();
    Await.until("both tasks assigned", () -> tasksAre(clerk, Set.of("a", "b")),
        () -> describe(clerk));
    assigner.close(); // no new generation may land between the routes below and the outage
    ZooKeeperStore reader = cluster.store();
    Await.until("the clerk has the last generation written", () -> clerk.health().generation()
        == reader.readAssignment().assignment().generation(), () -> describe(clerk));
    List<String> before = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      before.add(clerk.lookup("key-" + i).toString());
    }
    long generation = clerk.assignment().generation();
    cluster.zooKeeper.stop();
    Await.until("the clerk reports a stale assignment",
        () -> clerk.health().status() == AssignmentHealth.Status.STALE, () -> describe(clerk));
    assertTrue(clerk.health().detail().contains("store unreachable"), clerk.health().toString());
    assertEquals(generation, clerk.health().generation());
    for (int i = 0; i < 100; i++) {
      assertEquals(before.get(i), clerk.lookup("key-" + i).toString());
    }
    cluster.zooKeeper.restart();
    Await.until("the clerk is current again",
        () -> clerk.health().status() == AssignmentHealth.Status.CURRENT, () -> describe(clerk));
  }

  @Test
  void aCorruptStoredAssignmentIsRejectedAndTheLastGoodOneStays() throws Exception {
    ZooKeeperStore writer = cluster.store();
    Assignment good = Assignment.uniform(1, 4, List.of("a"));
    writer.writeAssignment(good, -1);
    Clerk clerk = cluster.clerk();
    Await.until("the clerk has generation 1", () -> clerk.health().generation() == 1,
        () -> describe(clerk));
    int version = writer.readAssignment().version();
    try (var raw = org.apache.curator.framework.CuratorFrameworkFactory.newClient(
        cluster.zooKeeper.connectString(), new org.apache.curator.retry.RetryOneTime(10))) {
      raw.start();
      raw.setData().withVersion(version).forPath(ZooKeeperStore.assignmentPath(cluster.job),
          "not an assignment".getBytes());
    }
    Await.until("the clerk rejects it", () -> clerk.health().status()
        == AssignmentHealth.Status.STALE, () -> describe(clerk));
    assertTrue(clerk.health().detail().contains("rejected stored assignment"),
        clerk.health().toString());
    assertEquals(List.of("a"), clerk.lookup("anything"));
    assertEquals(1, clerk.health().generation());

    cluster.slicelet("b");
    AssignerService assigner = cluster.assigner("assigner-1", AssignmentMode.AFFINITY);
    Await.until("the assigner replaces the corrupt assignment from its last good one",
        () -> clerk.health().status() == AssignmentHealth.Status.CURRENT
            && tasksAre(clerk, Set.of("b")), () -> describe(clerk));
    assertTrue(clerk.health().generation() > 1);
    assertFalse(writer.readAssignment().assignment() == null);
    assertTrue(assigner.writes() > 0);
  }
}
