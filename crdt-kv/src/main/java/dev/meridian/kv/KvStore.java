package dev.meridian.kv;

import dev.meridian.kv.crdt.HybridClock;
import dev.meridian.kv.replication.NamespaceReplica;
import dev.meridian.kv.store.FsyncPolicy;
import dev.meridian.kv.store.NamespaceStore;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The KV store of one PoP: opens namespaces on first use (each with its own directory, log, cache,
 * topic and replica), shares one hybrid logical clock among them, and runs their batching,
 * heartbeats and interval fsyncs on one scheduler thread.
 */
public final class KvStore implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KvStore.class);

  /** How often expired values are turned into tombstones (reads hide them at once regardless). */
  static final Duration EXPIRY_SCAN = Duration.ofSeconds(10);

  private final KvConfig config;
  private final HybridClock clock;
  private final ScheduledExecutorService scheduler;
  private final Map<NamespaceId, KvNamespace> namespaces = new ConcurrentHashMap<>();
  private final Map<NamespaceId, NamespaceReplica> replicas = new ConcurrentHashMap<>();

  private KvStore(KvConfig config) {
    this.config = config;
    this.clock = new HybridClock(config.node(), config.clock()::millis);
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "kv-node-" + config.node() + "-replication");
      t.setDaemon(true);
      return t;
    });
    scheduler.scheduleWithFixedDelay(this::expireAll, EXPIRY_SCAN.toNanos(), EXPIRY_SCAN.toNanos(),
        TimeUnit.NANOSECONDS);
    if (config.fsync().mode() == FsyncPolicy.Mode.INTERVAL) {
      long nanos = config.fsync().interval().toNanos();
      scheduler.scheduleWithFixedDelay(this::syncAll, nanos, nanos, TimeUnit.NANOSECONDS);
    }
  }

  public static KvStore open(KvConfig config) {
    return new KvStore(config);
  }

  /**
   * The namespace {@code id}, opened (and its log replayed) on first use. The binding should call
   * this only for namespaces the worker's {@code meridian.toml} declares for its tenant.
   *
   * @throws UncheckedIOException if its directory cannot be read or written
   */
  public KvNamespace namespace(NamespaceId id) {
    return namespaces.computeIfAbsent(id, this::openNamespace);
  }

  private KvNamespace openNamespace(NamespaceId id) {
    try {
      NamespaceStore store = NamespaceStore.open(config.storeConfig(id), config.clock());
      CaffeineCacheMetrics.monitor(config.meterRegistry(), store.cache(), "kv." + id);
      NamespaceReplica replica = NamespaceReplica.start(id.toString(), store, clock, config.clock(),
          config.transport(), config.replication(), scheduler, config.meterRegistry());
      replicas.put(id, replica);
      LOG.info("event=namespace_opened namespace={} node={} keys={}", id, config.node(), store.size());
      return new KvNamespace(id, replica, config.clock(), config.executor());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open namespace " + id + " under " + config.dataDirectory(), e);
    }
  }

  public Set<NamespaceId> openNamespaces() {
    return Set.copyOf(namespaces.keySet());
  }

  /** The replica behind a namespace, for operators and tests. */
  public NamespaceReplica replica(NamespaceId id) {
    namespace(id);
    return replicas.get(id);
  }

  private void expireAll() {
    long now = config.clock().instant().getEpochSecond();
    for (NamespaceReplica r : replicas.values()) {
      try {
        int n = r.store().expire(now);
        if (n > 0) {
          LOG.debug("event=values_expired namespace={} count={}", r.namespace(), n);
        }
      } catch (RuntimeException e) {
        LOG.error("event=expiry_failed namespace={} error={}", r.namespace(), e.toString());
      }
    }
  }

  private void syncAll() {
    for (NamespaceReplica r : replicas.values()) {
      try {
        r.store().sync();
      } catch (UncheckedIOException e) {
        LOG.error("event=fsync_failed namespace={} error={}", r.namespace(), e.toString());
      }
    }
  }

  /**
   * Stops as a crash would, for tests: replication stops without a last flush, the logs are left
   * as written (every acknowledged write is in them), the transport is closed.
   */
  public void halt() {
    scheduler.shutdownNow();
    replicas.values().forEach(NamespaceReplica::halt);
    config.transport().close();
  }

  /** Publishes what is pending, stops replication, forces and closes the logs and the transport. */
  @Override
  public void close() {
    for (NamespaceReplica r : replicas.values()) {
      r.close();
    }
    scheduler.shutdownNow();
    for (NamespaceReplica r : replicas.values()) {
      r.store().close();
    }
    config.transport().close();
  }
}
