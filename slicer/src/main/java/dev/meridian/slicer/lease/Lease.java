package dev.meridian.slicer.lease;

import dev.meridian.slicer.Slice;

/*
 * Design of strong mode
 * =====================
 *
 * Goal
 * ----
 * At most one task serves a key at any instant, and if a paused or partitioned task acts late
 * anyway, storage refuses it. Leases give the first, fencing tokens the second [1][2].
 *
 * Leases
 * ------
 * A Slicelet renews its task record in the store every renewInterval, by compare-and-set on the
 * record's version. A renewal sent at local time t that succeeds extends the task's lease to
 * t + leaseDuration; the Slicelet serves a slice only while its lease is valid and its latest
 * assignment gives it the slice, not recalled. Nothing else extends a lease.
 *
 * Handover
 * --------
 * The Assigner never grants a slice while its previous owner may still serve it. A slice moves
 * from a live owner T in two steps: first an assignment marks it recalled (still T's); T, on
 * installing it, stops serving the slice and then acknowledges by renewing with that generation
 * as seenGeneration; only then is the slice granted to the new owner. If T is silent for
 * taskTimeout, the Assigner revokes T's record (a compare-and-set, so every later renewal of T
 * fails), and grants T's slices only leaseDuration plus a drift margin after the revocation: T's
 * last successful renewal was sent before the revocation, so its lease has expired by then.
 * A revoked process must rejoin under a new task id.
 *
 * Fencing
 * -------
 * A slice's token is the generation at which its owner was granted it. Generations only grow, so
 * tokens strictly increase across owners of a key. Storage (FencedRegister) remembers the highest
 * token it accepted per key and refuses a lower one: a task that checked its lease, then paused
 * past its expiry, then wrote, is refused once the new owner has written.
 *
 * Assumptions
 * -----------
 * Clocks advance at rates that differ by less than the drift margin over one leaseDuration
 * (monotonic clocks, not wall clocks, are compared with durations only). The store is
 * linearizable for writes (ZooKeeper is).
 *
 * References
 * ----------
 * [1] C. Gray, D. Cheriton. "Leases: An Efficient Fault-Tolerant Mechanism for Distributed File
 *     Cache Consistency". SOSP 1989.
 * [2] M. Kleppmann. "How to do distributed locking", 2016.
 * [3] A. Adya et al. "Slicer: Auto-Sharding for Datacenter Applications". OSDI 2016.
 */

/**
 * A Slicelet's right to serve one slice in strong mode, valid until {@code expiresAtNanos} on the
 * Slicelet's ticker. Pass {@code token} with every write to storage that must be fenced.
 *
 * @param slice the slice served
 * @param token the fencing token: the generation at which this owner was granted the slice
 * @param expiresAtNanos when the lease ends unless renewed, on the Slicelet's ticker
 */
public record Lease(Slice slice, long token, long expiresAtNanos) {}
