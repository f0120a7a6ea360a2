package dev.meridian.slicer.assigner;

/**
 * A load report the Assigner will not use: from an unknown task, with a negative or non-finite
 * load, or with overlapping slices. The message names the task and the problem; the round goes on
 * without the report.
 */
public final class RejectedReportException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public RejectedReportException(String message) {
    super(message);
  }
}
