package dev.meridian.slicer;

import java.util.List;

/**
 * One task's load, per slice it served.
 *
 * @param task the reporting task
 * @param generation the assignment generation the task was serving when it summarised
 * @param slices the measured load per slice
 */
public record LoadReport(String task, long generation, List<SliceLoad> slices) {
  public LoadReport {
    slices = List.copyOf(slices);
  }
}
