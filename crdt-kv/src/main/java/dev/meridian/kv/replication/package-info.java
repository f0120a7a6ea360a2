/**
 * Replication of namespaces between PoPs over a {@link dev.meridian.kv.replication.DeltaTransport}
 * (Apache Pulsar in production: {@link dev.meridian.kv.replication.PulsarTransport}; {@link
 * dev.meridian.kv.replication.LocalOnlyTransport} for a single node).
 *
 * <p>{@link dev.meridian.kv.replication.NamespaceReplica} is the engine (its header comment is the
 * protocol); {@link dev.meridian.kv.replication.ReplicationConfig} its options. Messages are
 * encoded by {@code ReplicationMessage}, versioned and checksummed.
 */
@NullMarked
package dev.meridian.kv.replication;

import org.jspecify.annotations.NullMarked;
