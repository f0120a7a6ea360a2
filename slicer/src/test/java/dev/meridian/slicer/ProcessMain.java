package dev.meridian.slicer;

import dev.meridian.slicer.assigner.AssignerService;
import dev.meridian.slicer.slicelet.Slicelet;
import dev.meridian.slicer.store.StoreConfig;
import dev.meridian.slicer.store.ZooKeeperStore;
import java.io.IOException;
import java.util.concurrent.Executors;

/**
 * A Slicer role in a child JVM for {@link MultiProcessTest}: {@code slicelet|assigner <id>
 * <connectString> <job>}. Prints {@code ready <id>} once started and runs until its stdin closes
 * or it is killed.
 */
public final class ProcessMain {

  private ProcessMain() {}

  public static void main(String[] args) throws IOException {
    String role = args[0];
    String id = args[1];
    StoreConfig config = StoreConfig.of(args[2], args[3]).withSessionTimeout(TestCluster.SESSION)
        .withConnectionTimeout(TestCluster.CONNECT);
    ZooKeeperStore store = ZooKeeperStore.connect(config);
    AutoCloseable running = switch (role) {
      case "slicelet" -> Slicelet.start(TestCluster.sliceletConfig(id), store, System::nanoTime,
          Executors.newSingleThreadScheduledExecutor());
      case "assigner" -> AssignerService.start(
          TestCluster.assignerConfig(id, AssignmentMode.AFFINITY), store, System::nanoTime,
          Executors.newSingleThreadScheduledExecutor());
      default -> throw new IllegalArgumentException("role must be slicelet or assigner: " + role);
    };
    System.out.println("ready " + id);
    System.out.flush();
    while (System.in.read() >= 0) {
      // Runs until the parent closes stdin; a kill ends it without cleanup, which is the point.
    }
    try {
      running.close();
    } catch (Exception e) {
      System.err.println("close failed: " + e);
    }
    store.close();
  }
}
