package dev.meridian.slicer;

import dev.meridian.slicer.assigner.AssignerConfig;
import dev.meridian.slicer.assigner.AssignerService;
import dev.meridian.slicer.assigner.AssignerServiceConfig;
import dev.meridian.slicer.clerk.Clerk;
import dev.meridian.slicer.slicelet.Slicelet;
import dev.meridian.slicer.slicelet.SliceletConfig;
import dev.meridian.slicer.store.LocalZooKeeper;
import dev.meridian.slicer.store.SlicerStore;
import dev.meridian.slicer.store.StoreConfig;
import dev.meridian.slicer.store.ZooKeeperStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;

/**
 * An in-process region for tests: one ZooKeeper, and Assigners, Slicelets and Clerks each with
 * its own ZooKeeper session, on short timings. Closes everything it made.
 */
public final class TestCluster implements AutoCloseable {

  public static final Duration RENEW = Duration.ofMillis(50);
  public static final Duration LEASE = Duration.ofMillis(300);
  public static final Duration TIMEOUT = Duration.ofMillis(400);
  public static final Duration ROUND = Duration.ofMillis(50);
  public static final Duration MARGIN = Duration.ofMillis(50);
  public static final Duration SESSION = Duration.ofMillis(1200);
  /**
   * Connecting is not what the tests time: a loaded machine may take seconds to complete a ZooKeeper
   * handshake, and a node failing to join would end a fault run that is about something else.
   */
  public static final Duration CONNECT = Duration.ofSeconds(15);

  public final LocalZooKeeper zooKeeper;
  public final String job;
  private final List<AutoCloseable> open = new ArrayList<>();

  public TestCluster(String job) {
    this.zooKeeper = LocalZooKeeper.start(0, null);
    this.job = job;
  }

  public StoreConfig storeConfig() {
    return StoreConfig.of(zooKeeper.connectString(), job).withSessionTimeout(SESSION).withConnectionTimeout(CONNECT);
  }

  /** A new session with the store. */
  public ZooKeeperStore store() {
    return track(ZooKeeperStore.connect(storeConfig()));
  }

  public AssignerService assigner(String id, AssignmentMode mode) {
    return assigner(id, mode, store -> store);
  }

  /** An Assigner whose store is first passed through {@code wrap} (to inject faults). */
  public AssignerService assigner(String id, AssignmentMode mode,
      UnaryOperator<SlicerStore> wrap) {
    return track(AssignerService.start(assignerConfig(id, mode), wrap.apply(store()),
        System::nanoTime, Executors.newSingleThreadScheduledExecutor()));
  }

  /** The Assigner config of tests: short timings, 16 to 64 slices per task. */
  public static AssignerServiceConfig assignerConfig(String id, AssignmentMode mode) {
    AssignerConfig algorithm = AssignerConfig.builder().mode(mode).initialSlicesPerTask(16)
        .slicesPerTask(16, 64).build();
    return AssignerServiceConfig.of(id, algorithm).withTiming(ROUND, TIMEOUT, LEASE, MARGIN);
  }

  /** The Slicelet config of tests: renewals every 50 ms, 300 ms leases. */
  public static SliceletConfig sliceletConfig(String taskId) {
    return SliceletConfig.of(taskId).withTiming(RENEW, LEASE);
  }

  public Slicelet slicelet(String taskId) {
    return slicelet(taskId, store());
  }

  public Slicelet slicelet(String taskId, SlicerStore store) {
    return track(Slicelet.start(sliceletConfig(taskId), store,
        System::nanoTime, Executors.newSingleThreadScheduledExecutor()));
  }

  public Clerk clerk() {
    return track(Clerk.start(store()));
  }

  private <T extends AutoCloseable> T track(T t) {
    synchronized (open) {
      open.add(t);
    }
    return t;
  }

  @Override
  public void close() {
    List<AutoCloseable> all;
    synchronized (open) {
      all = new ArrayList<>(open);
    }
    for (int i = all.size() - 1; i >= 0; i--) {
      try {
        all.get(i).close();
      } catch (Exception e) {
        // Closing twice (a test already killed it) or a dead store: nothing left to release.
      }
    }
    zooKeeper.close();
  }
}
