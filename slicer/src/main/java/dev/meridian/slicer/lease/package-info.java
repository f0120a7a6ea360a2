/**
 * Strong mode's fencing: a {@link dev.meridian.slicer.lease.Lease} is what a Slicelet holds to
 * serve a slice, and its token is what storage checks with a {@link
 * dev.meridian.slicer.lease.FencedRegister} so that a stale owner's late write is refused. The
 * protocol that keeps owners apart (recall and acknowledgement, or revocation and expiry) is
 * described on {@link dev.meridian.slicer.lease.Lease}.
 */
@NullMarked
package dev.meridian.slicer.lease;

import org.jspecify.annotations.NullMarked;
