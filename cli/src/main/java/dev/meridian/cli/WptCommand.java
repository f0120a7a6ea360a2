package dev.meridian.cli;

import dev.meridian.pop.isolate.WorkerRuntime;
import dev.meridian.pop.wpt.Expectations;
import dev.meridian.pop.wpt.WptDirectory;
import dev.meridian.pop.wpt.WptReport;
import dev.meridian.pop.wpt.WptRunner;
import java.io.PrintStream;
import java.util.Map;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code meridian wpt [DIR...] [--expectations DIR] [--update DIR] [--timeout SECONDS] [--verbose]}:
 * runs the Web Platform Tests {@code *.any.js} files under each DIR in the real isolate runtime, one
 * line per file, {@code N passed, M failed} last; exits 1 when a result differs from the expected
 * failures. With {@code --update}, rewrites the expectations to what the run saw instead.
 */
final class WptCommand implements Meridian.Command {

  static final String USAGE = "usage: meridian wpt [DIR...] [--expectations DIR] [--update DIR] [--timeout SECONDS]"
      + " [--verbose]\n"
      + "  DIR             a WPT tree, or a folder inside one (default: shared/wpt beside the checkout,\n"
      + "                  or -D" + WptDirectory.PROPERTY + ")\n"
      + "  --expectations  read SUITE.json expected failures from DIR instead of the checked-in lists\n"
      + "  --update        rewrite DIR/SUITE.json to list what failed in this run (new entries are marked\n"
      + "                  for a reason to be written), then exit 0\n"
      + "  --timeout       wall-time limit per test file (default "
      + WptRunner.DEFAULT_FILE_TIMEOUT.toSeconds() + ")\n"
      + "  --verbose       print the tests' console output and worker errors to stderr\n";

  @Override
  public String summary() {
    return "run Web Platform Tests in the isolate runtime";
  }

  @Override
  public int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) throws Exception {
    List<Path> dirs = new ArrayList<>();
    Expectations expectations = Expectations.checkedIn();
    Duration timeout = WptRunner.DEFAULT_FILE_TIMEOUT;
    boolean verbose = false;
    Path update = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--expectations" -> expectations = Expectations.in(Path.of(Args.value(args, ++i, "--expectations")));
        case "--timeout" -> timeout = Duration.ofSeconds(seconds(Args.value(args, ++i, "--timeout")));
        case "--update" -> update = Path.of(Args.value(args, ++i, "--update"));
        case "--verbose" -> verbose = true;
        case "-h", "--help" -> {
          out.print(USAGE);
          return 0;
        }
        default -> {
          if (args[i].startsWith("-")) {
            throw new Meridian.UsageException("unexpected argument '" + args[i] + "'\n" + USAGE);
          }
          dirs.add(Path.of(args[i]));
        }
      }
    }
    if (dirs.isEmpty()) {
      dirs.add(WptDirectory.locate().orElseThrow(() -> new Meridian.UsageException(
          "no DIR given and no shared/wpt found beside the checkout\n" + USAGE)));
    }
    boolean printLogs = verbose;
    WorkerRuntime.Config config = WorkerRuntime.Config.defaults().withLogSink((deployment, requestId, level, message) -> {
      if (printLogs) {
        err.println(deployment + " " + level + " " + message);
      }
    });
    try (WorkerRuntime runtime = WorkerRuntime.start(config)) {
      WptReport report = new WptRunner(runtime, expectations, timeout, WptRunner.DEFAULT_PARALLELISM).run(dirs, out);
      if (update != null) {
        // On stderr, so that the last line of stdout stays the total.
        for (Path written : expectations.update(report, update)) {
          err.println("meridian wpt: wrote " + written);
        }
        return 0;
      }
      return report.ok() ? 0 : 1;
    }
  }

  private static long seconds(String value) throws Meridian.UsageException {
    try {
      long seconds = Long.parseLong(value);
      if (seconds < 1) {
        throw new NumberFormatException();
      }
      return seconds;
    } catch (NumberFormatException e) {
      throw new Meridian.UsageException("--timeout takes a whole number of seconds, at least 1, was '" + value + "'");
    }
  }
}
