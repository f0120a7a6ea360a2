package dev.meridian.pop.wpt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.pop.isolate.WorkerRuntime;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Web Platform Tests in {@code ../shared/wpt} (or {@code -Dmeridian.wpt.dir}) against the real
 * runtime: every subtest passes except those the checked-in expectations list, and every listed one
 * still fails.
 */
class WptTest {

  static WorkerRuntime runtime;
  static final List<String> logs = Collections.synchronizedList(new ArrayList<>());

  @BeforeAll
  static void start() {
    runtime = WorkerRuntime.start(WorkerRuntime.Config.defaults().withThreads(2)
        .withLogSink((deployment, requestId, level, message) -> logs.add(deployment + " " + level + " " + message)));
  }

  @AfterAll
  static void stop() {
    runtime.close();
  }

  @Test
  void sharedWptPassesAsExpected() throws Exception {
    Path dir = WptDirectory.require();
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    WptReport report;
    try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
      report = new WptRunner(runtime).run(List.of(dir), out);
    }
    String output = printed.toString(StandardCharsets.UTF_8);
    System.out.print(output);
    assertTrue(report.results().size() > 0, "no *.any.js files under " + dir);
    assertTrue(report.ok(), "results differ from the expectations:\n" + output);
    String[] lines = output.split("\n");
    assertEquals(report.summary(), lines[lines.length - 1]);
  }
}
