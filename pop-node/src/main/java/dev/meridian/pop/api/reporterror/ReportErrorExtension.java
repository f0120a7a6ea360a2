package dev.meridian.pop.api.reporterror;

import dev.meridian.pop.api.Extension;
import java.util.List;

/** {@code reportError} and {@code internals.reportError} (HTML's report-an-exception): an error line in the worker's log, through the console's host op. */
public final class ReportErrorExtension implements Extension {

  @Override
  public String name() {
    return "reporterror";
  }

  @Override
  public List<String> dependencies() {
    return List.of("webidl", "console");
  }

  @Override
  public List<String> scripts() {
    return List.of("01_report_error.js");
  }
}
