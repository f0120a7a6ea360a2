package dev.meridian.slicer.assigner;

import dev.meridian.slicer.LoadReport;
import dev.meridian.slicer.SliceLoad;
import dev.meridian.slicer.SliceKeys;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Folds the load reports of one round into a {@link LoadMap}. Each reported slice's load is spread
 * evenly over its key range, and overlapping reports (replicas of one slice, or a report about
 * slices that have since split or merged) add up, so reports stay useful whatever assignment the
 * round starts from.
 *
 * <p>{@link #accept} rejects, with a {@link RejectedReportException} that names the task and the
 * problem: a report from a task that is not in the job, a negative or non-finite load, and slices
 * that overlap within one report. A rejected report contributes nothing.
 */
public final class ReportedLoads {

  private final Set<String> knownTasks;
  private final List<long[]> ranges = new ArrayList<>();
  private final List<Double> loads = new ArrayList<>();

  /** Collects reports from {@code knownTasks} only. */
  public ReportedLoads(Set<String> knownTasks) {
    this.knownTasks = Set.copyOf(knownTasks);
  }

  /**
   * Adds a report.
   *
   * @throws RejectedReportException if the report comes from an unknown task or is malformed
   */
  public void accept(LoadReport report) {
    if (!knownTasks.contains(report.task())) {
      throw new RejectedReportException("load report from unknown task '" + report.task()
          + "' (generation " + report.generation() + "): it is not a healthy task of this job;"
          + " the report is ignored");
    }
    List<SliceLoad> sorted = new ArrayList<>(report.slices());
    sorted.sort((a, b) -> Long.compare(a.slice().start(), b.slice().start()));
    for (int i = 0; i < sorted.size(); i++) {
      SliceLoad s = sorted.get(i);
      if (!(s.load() >= 0) || Double.isInfinite(s.load())) {
        throw new RejectedReportException("load report from task '" + report.task()
            + "' has load " + s.load() + " on slice " + s.slice()
            + "; loads must be finite and >= 0");
      }
      if (i > 0 && SliceKeys.before(s.slice().start(), sorted.get(i - 1).slice().end())) {
        throw new RejectedReportException("load report from task '" + report.task()
            + "' has overlapping slices " + sorted.get(i - 1).slice() + " and " + s.slice());
      }
    }
    for (SliceLoad s : sorted) {
      ranges.add(new long[] {s.slice().start(), s.slice().end()});
      loads.add(s.load());
    }
  }

  /** The load map of every accepted report. */
  public LoadMap build() {
    int n = ranges.size();
    long[] bounds = new long[2 * n + 2];
    int b = 0;
    bounds[b++] = 0;
    bounds[b++] = SliceKeys.END;
    for (long[] r : ranges) {
      bounds[b++] = r[0];
      bounds[b++] = r[1];
    }
    Long[] boxed = Arrays.stream(bounds).boxed().distinct().sorted(Long::compareUnsigned)
        .toArray(Long[]::new);
    long[] cuts = new long[boxed.length];
    for (int i = 0; i < cuts.length; i++) {
      cuts[i] = boxed[i];
    }
    double[] densityDelta = new double[cuts.length];
    for (int i = 0; i < n; i++) {
      long[] r = ranges.get(i);
      double density = loads.get(i) / SliceKeys.fraction(r[0], r[1]);
      densityDelta[indexOf(cuts, r[0])] += density;
      densityDelta[indexOf(cuts, r[1])] -= density;
    }
    double[] density = new double[cuts.length];
    double[] cumulative = new double[cuts.length];
    double d = 0;
    for (int i = 0; i < cuts.length; i++) {
      if (i > 0) {
        cumulative[i] = cumulative[i - 1]
            + density[i - 1] * SliceKeys.fraction(cuts[i - 1], cuts[i]);
      }
      d += densityDelta[i];
      density[i] = Math.max(0, d);
    }
    return (start, end) -> cumulativeAt(cuts, density, cumulative, end)
        - cumulativeAt(cuts, density, cumulative, start);
  }

  private static int indexOf(long[] cuts, long key) {
    int lo = 0;
    int hi = cuts.length - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = Long.compareUnsigned(cuts[mid], key);
      if (c == 0) {
        return mid;
      } else if (c < 0) {
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return -lo - 1;
  }

  private static double cumulativeAt(long[] cuts, double[] density, double[] cumulative, long key) {
    int i = indexOf(cuts, key);
    if (i >= 0) {
      return cumulative[i];
    }
    int j = -i - 2;
    return cumulative[j] + density[j] * SliceKeys.fraction(cuts[j], key);
  }
}
