package dev.meridian.slicer.store;

import java.io.File;
import java.io.IOException;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;

/**
 * An in-process ZooKeeper server: the store of a single-node region and of tests. A real region
 * points {@link StoreConfig#connectString()} at its ensemble (the one Pulsar already runs) instead.
 */
public final class LocalZooKeeper implements AutoCloseable {

  /** Tick of the in-process server: sessions can be as short as two ticks. */
  public static final int DEFAULT_TICK_MS = 200;

  private final TestingServer server;

  private LocalZooKeeper(TestingServer server) {
    this.server = server;
  }

  /**
   * Starts a server on {@code port} (0 for any free port) keeping its data in {@code dataDir}
   * (null for a temporary directory deleted on close).
   */
  public static LocalZooKeeper start(int port, @org.jspecify.annotations.Nullable File dataDir) {
    try {
      InstanceSpec spec = new InstanceSpec(dataDir, port, -1, -1, dataDir == null, -1,
          DEFAULT_TICK_MS, -1);
      return new LocalZooKeeper(new TestingServer(spec, true));
    } catch (Exception e) {
      throw new StoreException("could not start the in-process ZooKeeper: " + e, e);
    }
  }

  public String connectString() {
    return server.getConnectString();
  }

  /** Stops the server, keeping its data, as when the ensemble becomes unreachable. */
  public void stop() {
    try {
      server.stop();
    } catch (IOException e) {
      throw new StoreException("could not stop the in-process ZooKeeper: " + e, e);
    }
  }

  /** Starts the server again on the same port, with the same data. */
  public void restart() {
    try {
      server.restart();
    } catch (Exception e) {
      throw new StoreException("could not restart the in-process ZooKeeper: " + e, e);
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      throw new StoreException("could not close the in-process ZooKeeper: " + e, e);
    }
  }
}
