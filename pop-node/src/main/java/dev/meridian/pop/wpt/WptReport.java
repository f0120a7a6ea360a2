package dev.meridian.pop.wpt;

import java.util.List;

/**
 * The outcome of a run: every file's results and every disagreement with the expected failures.
 *
 * @param results one per test file, in path order
 * @param unexpected failures not listed, listed failures that passed, listed subtests that did not run
 */
public record WptReport(List<WptResult> results, List<Expectations.Unexpected> unexpected) {

  public WptReport {
    results = List.copyOf(results);
    unexpected = List.copyOf(unexpected);
  }

  public long passed() {
    return results.stream().mapToLong(WptResult::passed).sum();
  }

  public long failed() {
    return results.stream().mapToLong(WptResult::failed).sum();
  }

  /** True when every result is as the expectations say. */
  public boolean ok() {
    return unexpected.isEmpty();
  }

  /** The last line of a run: {@code N passed, M failed}. */
  public String summary() {
    return passed() + " passed, " + failed() + " failed";
  }
}
