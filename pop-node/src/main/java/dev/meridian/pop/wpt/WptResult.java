package dev.meridian.pop.wpt;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What one test file reported: its subtests in the order the harness listed them. A harness status
 * other than OK (the file threw, a promise test never settled, the worker failed to load) is one more
 * failed subtest named {@link #HARNESS}, as WPT's own dashboards count it.
 *
 * @param name the file's path from the WPT root, {@code url/url-origin.any.js}
 * @param suite its top-level folder, {@code url}
 * @param pathInSuite its path inside the suite, {@code url-origin.any.js}
 * @param subtests the results
 */
public record WptResult(String name, String suite, String pathInSuite, List<Subtest> subtests) {

  /** The name under which a harness failure is reported and listed in expectations. */
  public static final String HARNESS = "(harness status)";

  public WptResult {
    subtests = List.copyOf(subtests);
  }

  /**
   * One subtest.
   *
   * @param name its name as the test gave it
   * @param status testharness.js's status word: PASS, FAIL, TIMEOUT, NOTRUN, PRECONDITION_FAILED, or
   *     for the harness ERROR, TIMEOUT
   * @param message the failure message, or null
   */
  public record Subtest(String name, String status, @Nullable String message) {
    public boolean passed() {
      return status.equals("PASS");
    }
  }

  public long passed() {
    return subtests.stream().filter(Subtest::passed).count();
  }

  public long failed() {
    return subtests.size() - passed();
  }
}
