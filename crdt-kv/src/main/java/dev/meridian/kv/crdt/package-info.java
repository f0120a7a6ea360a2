/**
 * Delta-state CRDTs: the lattice types every Meridian KV replica joins.
 *
 * <p>A tour: {@link dev.meridian.kv.crdt.Hlc} and {@link dev.meridian.kv.crdt.HybridClock} give
 * every write a hybrid logical timestamp; {@link dev.meridian.kv.crdt.LwwMap} is the
 * last-writer-wins register map the KV store is made of (its header comment is the design note);
 * {@link dev.meridian.kv.crdt.GCounter}, {@link dev.meridian.kv.crdt.PNCounter},
 * {@link dev.meridian.kv.crdt.ORSet} and {@link dev.meridian.kv.crdt.MVRegister} complete the
 * library. Every type has mutators that return a delta, a {@code join} that is commutative,
 * associative and idempotent, a {@code diff} (the delta that brings another state up to this one)
 * and a compact binary encoding that starts with a version byte ({@link dev.meridian.kv.crdt.Wire}).
 *
 * <p>The types are not thread-safe: the owner (the store) serialises access.
 */
@NullMarked
package dev.meridian.kv.crdt;

import org.jspecify.annotations.NullMarked;
