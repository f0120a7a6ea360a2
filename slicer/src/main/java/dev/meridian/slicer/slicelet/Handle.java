package dev.meridian.slicer.slicelet;

/**
 * A key's assignment as a request found it: pass it back to {@link
 * Slicelet#isAssignedContinuously} to learn whether the key stayed with this task since.
 *
 * @param sliceKey the key's slice key
 * @param generation the generation in force when the handle was taken
 */
public record Handle(long sliceKey, long generation) {}
