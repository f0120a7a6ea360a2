package dev.meridian.slicer.slicelet;

import dev.meridian.slicer.SliceAssignment;
import java.util.List;

/** Told, on the Slicelet's thread, which slices this task gained and lost with a new assignment. */
@FunctionalInterface
public interface SliceListener {

  /**
   * @param generation the generation now in force
   * @param added entries this task serves now and did not before (or whose token changed)
   * @param removed entries this task no longer serves (lost or, in strong mode, recalled)
   */
  void slicesChanged(long generation, List<SliceAssignment> added, List<SliceAssignment> removed);
}
