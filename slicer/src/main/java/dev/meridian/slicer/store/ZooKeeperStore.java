package dev.meridian.slicer.store;

import dev.meridian.slicer.Assignment;
import dev.meridian.slicer.AssignmentCodec;
import dev.meridian.slicer.InvalidAssignmentException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.RetryOneTime;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SlicerStore} over Apache ZooKeeper through Curator. Layout under {@code
 * /meridian/slicer/<job>}: {@code assignment} (the encoded assignment, or when it is large the
 * manifest of its chunks under {@code assignment-chunks}, see {@link AssignmentChunks};
 * compare-and-set is ZooKeeper's version check), {@code tasks/<id>} (one record per task), {@code leader} (Curator's
 * leader latch). Operations retry once and then throw {@link StoreException}: callers run on
 * their own schedules and try again on the next tick, rather than block on a dead ensemble.
 */
public final class ZooKeeperStore implements SlicerStore {

  private static final Logger log = LoggerFactory.getLogger(ZooKeeperStore.class);

  private final CuratorFramework client;
  private final String base;
  private final AssignmentChunks chunks;
  private final List<Consumer<Boolean>> connectionListeners = new CopyOnWriteArrayList<>();
  private volatile boolean connected;

  private ZooKeeperStore(CuratorFramework client, String job) {
    this.client = client;
    this.base = basePath(job);
    this.chunks = new AssignmentChunks(client, base + "/assignment-chunks");
  }

  /**
   * Connects to the ensemble in {@code config}, waiting up to its connection timeout.
   *
   * @throws StoreException if the ensemble cannot be reached in time
   */
  public static ZooKeeperStore connect(StoreConfig config) {
    CuratorFramework client = CuratorFrameworkFactory.builder()
        .connectString(config.connectString())
        .sessionTimeoutMs((int) config.sessionTimeout().toMillis())
        .connectionTimeoutMs((int) config.connectionTimeout().toMillis())
        .retryPolicy(new RetryOneTime(100))
        .build();
    ZooKeeperStore store = new ZooKeeperStore(client, config.job());
    client.getConnectionStateListenable().addListener((c, state) -> store.stateChanged(state));
    client.start();
    try {
      if (!client.blockUntilConnected((int) config.connectionTimeout().toMillis(),
          TimeUnit.MILLISECONDS)) {
        client.close();
        throw new StoreException("ZooKeeper at " + config.connectString() + " not reachable within "
            + config.connectionTimeout());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      client.close();
      throw new StoreException("interrupted while connecting to ZooKeeper", e);
    }
    store.connected = true;
    return store;
  }

  /** The ZooKeeper path of a job's state. */
  public static String basePath(String job) {
    return "/meridian/slicer/" + job;
  }

  /** The ZooKeeper path of a job's stored assignment. */
  public static String assignmentPath(String job) {
    return basePath(job) + "/assignment";
  }

  private void stateChanged(ConnectionState state) {
    boolean now = state.isConnected();
    if (now != connected) {
      connected = now;
      log.info("event=store_connection connected={} state={}", now, state);
      for (Consumer<Boolean> l : connectionListeners) {
        l.accept(now);
      }
    }
  }

  @Override
  public StoredAssignment readAssignment() {
    Stat stat = new Stat();
    byte[] bytes;
    try {
      bytes = client.getData().storingStatIn(stat).forPath(base + "/assignment");
    } catch (KeeperException.NoNodeException e) {
      return new StoredAssignment(null, null, StoredAssignment.ABSENT, 0);
    } catch (Exception e) {
      throw failure("read the assignment", e);
    }
    if (AssignmentChunks.isManifest(bytes)) {
      try {
        bytes = chunks.resolve(bytes);
      } catch (KeeperException.NoNodeException e) {
        return readAssignment(); // superseded while reading: read the newer manifest
      } catch (InvalidAssignmentException e) {
        return new StoredAssignment(null, e.getMessage(), stat.getVersion(), stat.getMzxid());
      } catch (Exception e) {
        throw failure("read the assignment's chunks", e);
      }
    }
    return decode(bytes, stat);
  }

  private static StoredAssignment decode(byte[] bytes, Stat stat) {
    try {
      return new StoredAssignment(AssignmentCodec.decode(bytes), null, stat.getVersion(),
          stat.getMzxid());
    } catch (InvalidAssignmentException e) {
      return new StoredAssignment(null, e.getMessage(), stat.getVersion(), stat.getMzxid());
    }
  }

  @Override
  public void writeAssignment(Assignment next, int expectedVersion) {
    String path = base + "/assignment";
    byte[] bytes;
    try {
      bytes = chunks.prepare(next.generation(), AssignmentCodec.encode(next));
    } catch (Exception e) {
      throw failure("write the chunks of assignment generation " + next.generation(), e);
    }
    try {
      if (expectedVersion == StoredAssignment.ABSENT) {
        client.create().creatingParentsIfNeeded().forPath(path, bytes);
      } else {
        client.setData().withVersion(expectedVersion).forPath(path, bytes);
      }
    } catch (KeeperException.NodeExistsException | KeeperException.BadVersionException
        | KeeperException.NoNodeException e) {
      if (AssignmentChunks.isManifest(bytes)) {
        chunks.discard(bytes);
      }
      throw new StoreConflictException("assignment generation " + next.generation()
          + " not written: the stored version is no longer " + expectedVersion);
    } catch (Exception e) {
      throw failure("write assignment generation " + next.generation(), e);
    }
    try {
      chunks.collect(next.generation());
    } catch (KeeperException.NoNodeException e) {
      // No chunks were ever written: nothing to collect.
    } catch (Exception e) {
      log.debug("event=chunk_collect_failed reason=\"{}\"", e.toString());
    }
  }

  @Override
  public AutoCloseable watchAssignment(Consumer<StoredAssignment> listener) {
    String path = base + "/assignment";
    CuratorCache cache = CuratorCache.build(client, path, CuratorCache.Options.SINGLE_NODE_CACHE);
    cache.listenable().addListener((type, oldData, data) -> {
      if (data != null && data.getPath().equals(path)) {
        if (!AssignmentChunks.isManifest(data.getData())) {
          listener.accept(decode(data.getData(), data.getStat()));
          return;
        }
        try {
          listener.accept(readAssignment());
        } catch (StoreException e) {
          log.warn("event=assignment_chunks_unreadable reason=\"{}\"", e.getMessage());
        }
      }
    });
    cache.start();
    return cache::close;
  }

  @Override
  public List<Versioned<TaskRecord>> readTasks() {
    List<String> ids;
    try {
      ids = client.getChildren().forPath(base + "/tasks");
    } catch (KeeperException.NoNodeException e) {
      return List.of();
    } catch (Exception e) {
      throw failure("list tasks", e);
    }
    List<Versioned<TaskRecord>> out = new ArrayList<>(ids.size());
    for (String id : ids) {
      Versioned<TaskRecord> record = readTask(id);
      if (record != null) {
        out.add(record);
      }
    }
    return out;
  }

  @Override
  public @Nullable Versioned<TaskRecord> readTask(String id) {
    Stat stat = new Stat();
    byte[] bytes;
    try {
      bytes = client.getData().storingStatIn(stat).forPath(base + "/tasks/" + id);
    } catch (KeeperException.NoNodeException e) {
      return null;
    } catch (Exception e) {
      throw failure("read task " + id, e);
    }
    try {
      return new Versioned<>(TaskRecord.decode(bytes), stat.getVersion());
    } catch (IllegalArgumentException e) {
      log.warn("event=task_record_rejected task={} reason=\"{}\"", id, e.getMessage());
      return new Versioned<>(TaskRecord.unreadable(id), stat.getVersion());
    }
  }

  @Override
  public int writeTask(TaskRecord record, int expectedVersion) {
    String path = base + "/tasks/" + record.id();
    try {
      if (expectedVersion == StoredAssignment.ABSENT) {
        client.create().creatingParentsIfNeeded().forPath(path, record.encode());
        return 0;
      }
      return client.setData().withVersion(expectedVersion).forPath(path, record.encode())
          .getVersion();
    } catch (KeeperException.NodeExistsException | KeeperException.BadVersionException
        | KeeperException.NoNodeException e) {
      throw new StoreConflictException("task " + record.id() + " record changed since version "
          + expectedVersion);
    } catch (Exception e) {
      throw failure("write task " + record.id(), e);
    }
  }

  @Override
  public void deleteTask(String id, int expectedVersion) {
    try {
      client.delete().withVersion(expectedVersion).forPath(base + "/tasks/" + id);
    } catch (KeeperException.NoNodeException | KeeperException.BadVersionException e) {
      throw new StoreConflictException("task " + id + " record changed since version "
          + expectedVersion);
    } catch (Exception e) {
      throw failure("delete task " + id, e);
    }
  }

  @Override
  public Leadership elect(String participantId) {
    LeaderLatch latch = new LeaderLatch(client, base + "/leader", participantId);
    try {
      latch.start();
    } catch (Exception e) {
      throw failure("join the leader election", e);
    }
    return new Leadership() {
      @Override
      public boolean isLeader() {
        return connected && latch.hasLeadership();
      }

      @Override
      public void close() {
        try {
          latch.close();
        } catch (Exception e) {
          log.debug("event=leader_latch_close_failed reason=\"{}\"", e.toString());
        }
      }
    };
  }

  @Override
  public boolean isConnected() {
    return connected;
  }

  @Override
  public void onConnectionChange(Consumer<Boolean> listener) {
    connectionListeners.add(listener);
  }

  private static StoreException failure(String what, Exception e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    return new StoreException("could not " + what + " in ZooKeeper: " + e, e);
  }

  @Override
  public void close() {
    client.close();
  }
}
