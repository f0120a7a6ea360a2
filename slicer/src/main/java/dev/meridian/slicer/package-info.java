/**
 * The Slicer's model: keys hash to 63-bit slice keys ({@link dev.meridian.slicer.SliceKeys}), a
 * {@link dev.meridian.slicer.Slice} is a half-open range of them, and an immutable
 * {@link dev.meridian.slicer.Assignment} maps every slice key to its task(s) under a generation
 * number. {@link dev.meridian.slicer.AssignmentCodec} is the stored form, with a checksum.
 *
 * <p>The roles live in the sub-packages: {@code assigner} computes assignments, {@code store}
 * keeps them in the region's consistent store, {@code slicelet} and {@code clerk} are the server
 * and client sides, {@code lease} is strong mode's fencing, {@code sim} replays synthetic load.
 */
@NullMarked
package dev.meridian.slicer;

import org.jspecify.annotations.NullMarked;
