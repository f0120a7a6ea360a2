package dev.meridian.pop.wpt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.pop.isolate.WorkerRuntime;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner on a small WPT tree of its own: results, harness failures and the expectation checks. */
class WptRunnerTest {

  static WorkerRuntime runtime;

  @TempDir
  static Path tree;

  @TempDir
  static Path expectationsDir;

  @BeforeAll
  static void start() throws Exception {
    runtime = WorkerRuntime.start(WorkerRuntime.Config.defaults().withThreads(2).withLogSink((d, r, l, m) -> {}));
    Files.createDirectories(tree.resolve("resources"));
    Files.copy(WptDirectory.require().resolve(WptTestFile.HARNESS), tree.resolve(WptTestFile.HARNESS));
    write("common/helper.js", "function helper() { return 'from a META script'; }");
    write("a/data.json", "{\"answer\": 42}");
    write("a/mixed.any.js", """
        test(() => assert_equals(1 + 1, 2), "good");
        test(() => assert_equals(1 + 1, 3), "bad");
        test(() => assert_true(true), "listed but passes");
        """);
    write("a/sub/fetches.any.js", """
        // META: script=/common/helper.js
        promise_test(async () => {
          assert_equals(helper(), "from a META script");
          const relative = await (await fetch("../data.json")).json();
          const absolute = await fetch_json("/a/data.json");
          assert_equals(relative.answer + absolute.answer, 84);
          assert_equals(self, globalThis);
          assert_true(location.href.endsWith("/a/sub/fetches.any.js"), location.href);
        }, "fetch resolves against the test's URL");
        """);
    write("a/throws.any.js", """
        test(() => {}, "registered before the throw");
        throw new RangeError("the file itself throws");
        """);
    write("a/syntax.any.js", "test(() => {, 'broken');");
    write("b/other.any.js", "test(() => {}, 'in suite b');");
    Files.writeString(expectationsDir.resolve("a.json"), """
        {
          "mixed.any.js": {
            "bad": "one plus one is not three",
            "listed but passes": "a stale entry",
            "gone": "a subtest that no longer exists"
          },
          "syntax.any.js": { "(harness status)": "the file does not parse" }
        }
        """);
  }

  @AfterAll
  static void stop() {
    runtime.close();
  }

  private static void write(String path, String text) throws Exception {
    Path file = tree.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  private static WptReport run(Path dir, ByteArrayOutputStream printed) throws Exception {
    try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
      return new WptRunner(runtime, Expectations.in(expectationsDir), Duration.ofSeconds(30), 2).run(List.of(dir), out);
    }
  }

  @Test
  void reportsEachFileAndEveryDisagreementWithTheExpectations() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    WptReport report = run(tree.resolve("a"), printed);
    String output = printed.toString(StandardCharsets.UTF_8);
    List<String> lines = output.lines().toList();

    assertEquals(List.of("a/mixed.any.js", "a/sub/fetches.any.js", "a/syntax.any.js", "a/throws.any.js"),
        report.results().stream().map(WptResult::name).toList(), output);
    assertTrue(lines.contains("a/mixed.any.js: 2 passed, 1 failed (1 expected) (2 unexpected)"), output);
    assertTrue(lines.contains("a/sub/fetches.any.js: 1 passed, 0 failed"), output);
    assertTrue(lines.contains("a/syntax.any.js: 0 passed, 1 failed (1 expected)"), output);
    assertTrue(lines.contains("a/throws.any.js: 1 passed, 1 failed (1 unexpected)"), output);
    assertEquals("4 passed, 3 failed", lines.get(lines.size() - 1));
    assertEquals(report.summary(), lines.get(lines.size() - 1));

    Map<String, Expectations.Kind> unexpected = report.unexpected().stream()
        .collect(Collectors.toMap(u -> u.file() + " " + u.subtest(), Expectations.Unexpected::kind));
    assertEquals(Map.of(
        "a/mixed.any.js listed but passes", Expectations.Kind.PASSED,
        "a/mixed.any.js gone", Expectations.Kind.MISSING,
        "a/throws.any.js " + WptResult.HARNESS, Expectations.Kind.FAILED), unexpected, output);
    assertFalse(report.ok());
    String thrown = report.results().get(3).subtests().get(1).message();
    assertTrue(thrown != null && thrown.contains("the file itself throws"), String.valueOf(thrown));
    String parse = report.results().get(2).subtests().get(0).message();
    assertTrue(parse != null && parse.contains("SyntaxError"), String.valueOf(parse));
  }

  @Test
  void aSubFolderRunsWithItsTreeRootAndAnUnlistedSuitePassesCleanly() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    WptReport report = run(tree.resolve("b"), printed);
    assertTrue(report.ok(), printed.toString(StandardCharsets.UTF_8));
    assertEquals("1 passed, 0 failed", report.summary());
  }

  @Test
  void anUpdateRewritesTheListsSoThatTheNextRunAgrees() throws Exception {
    Path lists = Files.createTempDirectory(tree, "updated");
    Files.copy(expectationsDir.resolve("a.json"), lists.resolve("a.json"));
    Expectations expectations = Expectations.in(lists);
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    WptReport first;
    try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
      first = new WptRunner(runtime, expectations, Duration.ofSeconds(30), 2).run(List.of(tree.resolve("a")), out);
    }
    assertFalse(first.ok());
    assertEquals(List.of(lists.resolve("a.json")), expectations.update(first, lists));
    String written = Files.readString(lists.resolve("a.json"));
    assertTrue(written.contains("\"bad\" : \"one plus one is not three\""), written); // the reason is kept
    assertTrue(written.contains("TODO(conform): say why this fails; seen: ERROR"), written); // throws.any.js is new
    assertFalse(written.contains("listed but passes") || written.contains("gone"), written);
    WptReport second;
    try (PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)) {
      second = new WptRunner(runtime, Expectations.in(lists), Duration.ofSeconds(30), 2)
          .run(List.of(tree.resolve("a")), out);
    }
    assertTrue(second.ok(), second.unexpected().toString());
  }
}
