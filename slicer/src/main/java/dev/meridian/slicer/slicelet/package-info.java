/**
 * The server side: a {@link dev.meridian.slicer.slicelet.Slicelet} runs in each task (a PoP),
 * registers and renews the task in the store, learns its slices from the assignment, tells
 * {@link dev.meridian.slicer.slicelet.SliceListener}s what changed, answers {@code
 * isAssignedContinuously} and, in strong mode, hands out {@link dev.meridian.slicer.lease.Lease}s.
 * Load is counted on the request path into per-slice adders ({@code LoadCounter}) and summarised
 * at renewal time, off the request path.
 */
@NullMarked
package dev.meridian.slicer.slicelet;

import org.jspecify.annotations.NullMarked;
