package dev.meridian.kv;

import dev.meridian.kv.replication.DeltaTransport;
import dev.meridian.kv.replication.LocalOnlyTransport;
import dev.meridian.kv.replication.ReplicationConfig;
import dev.meridian.kv.store.FsyncPolicy;
import dev.meridian.kv.store.StoreConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * Everything a {@link KvStore} needs, in one record. Start from {@link #singleNode(int, Path)} and
 * change fields with the {@code with…} methods.
 *
 * @param dataDirectory one subdirectory per {@code tenant/namespace} under it
 * @param fsync when the logs are forced to disk; default {@link FsyncPolicy#DEFAULT}
 * @param cacheMaxBytesPerNamespace read cache bound per namespace; default {@link
 *     StoreConfig#DEFAULT_CACHE_MAX_BYTES}
 * @param compactAfterBytes log size that triggers compaction; default {@link
 *     StoreConfig#DEFAULT_COMPACT_AFTER_BYTES}
 * @param replication node id, members and intervals
 * @param transport {@link LocalOnlyTransport} for one node, {@link
 *     dev.meridian.kv.replication.PulsarTransport} for many; the store closes it
 * @param clock wall clock: HLC stamps, expirations and lag are read from it, nothing else
 * @param meterRegistry where {@code kv.*} metrics go; default the global registry
 * @param executor runs the futures of {@link KvNamespace}; default a virtual thread per call
 */
public record KvConfig(Path dataDirectory, FsyncPolicy fsync, long cacheMaxBytesPerNamespace,
    long compactAfterBytes, ReplicationConfig replication, DeltaTransport transport, InstantSource clock,
    MeterRegistry meterRegistry, Executor executor) {

  /** A single node with no peers and no Pulsar ({@code meridian dev}). */
  public static KvConfig singleNode(int node, Path dataDirectory) {
    return new KvConfig(dataDirectory, FsyncPolicy.DEFAULT, StoreConfig.DEFAULT_CACHE_MAX_BYTES,
        StoreConfig.DEFAULT_COMPACT_AFTER_BYTES, ReplicationConfig.single(node), new LocalOnlyTransport(),
        InstantSource.system(), Metrics.globalRegistry, Executors.newVirtualThreadPerTaskExecutor());
  }

  public int node() {
    return replication.node();
  }

  public KvConfig withFsync(FsyncPolicy p) {
    return new KvConfig(dataDirectory, p, cacheMaxBytesPerNamespace, compactAfterBytes, replication, transport,
        clock, meterRegistry, executor);
  }

  public KvConfig withCacheMaxBytesPerNamespace(long bytes) {
    return new KvConfig(dataDirectory, fsync, bytes, compactAfterBytes, replication, transport, clock,
        meterRegistry, executor);
  }

  public KvConfig withCompactAfterBytes(long bytes) {
    return new KvConfig(dataDirectory, fsync, cacheMaxBytesPerNamespace, bytes, replication, transport, clock,
        meterRegistry, executor);
  }

  public KvConfig withReplication(ReplicationConfig r, DeltaTransport t) {
    return new KvConfig(dataDirectory, fsync, cacheMaxBytesPerNamespace, compactAfterBytes, r, t, clock,
        meterRegistry, executor);
  }

  public KvConfig withClock(InstantSource c) {
    return new KvConfig(dataDirectory, fsync, cacheMaxBytesPerNamespace, compactAfterBytes, replication, transport,
        c, meterRegistry, executor);
  }

  public KvConfig withMeterRegistry(MeterRegistry r) {
    return new KvConfig(dataDirectory, fsync, cacheMaxBytesPerNamespace, compactAfterBytes, replication, transport,
        clock, r, executor);
  }

  public KvConfig withExecutor(Executor e) {
    return new KvConfig(dataDirectory, fsync, cacheMaxBytesPerNamespace, compactAfterBytes, replication, transport,
        clock, meterRegistry, e);
  }

  StoreConfig storeConfig(NamespaceId id) {
    return new StoreConfig(dataDirectory.resolve(id.tenant()).resolve(id.name()), fsync, cacheMaxBytesPerNamespace,
        compactAfterBytes);
  }
}
