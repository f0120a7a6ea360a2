/**
 * The durable local store of one PoP: one {@link dev.meridian.kv.store.NamespaceStore} per
 * namespace, holding that namespace's {@link dev.meridian.kv.crdt.LwwMap} as an in-memory index
 * (key, timestamp, expiration, metadata, file offset) over an append-only log file with a CRC-32C
 * per record, compacted into a fresh log (the snapshot) when it grows; values are read from the
 * file on a miss and kept in a Caffeine cache bounded by bytes. {@link
 * dev.meridian.kv.store.FsyncPolicy} says when the log is forced to disk. {@link
 * dev.meridian.kv.store.StoreConfig} holds the options.
 */
@NullMarked
package dev.meridian.kv.store;

import org.jspecify.annotations.NullMarked;
