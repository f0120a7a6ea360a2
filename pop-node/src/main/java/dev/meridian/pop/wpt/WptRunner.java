package dev.meridian.pop.wpt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.pop.io.WorkerLimits;
import dev.meridian.pop.isolate.WorkerDefinition;
import dev.meridian.pop.isolate.WorkerRuntime;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs WPT {@code *.any.js} files in the real isolate runtime and checks them against the expected
 * failures.
 *
 * <p>Each file becomes a worker of one ES module ({@link HarnessModule}: a small prelude, {@code
 * testharness.js}, the META scripts, the test, {@code done()}), deployed under a name of its own so
 * that it gets a fresh isolate restored from the same startup snapshot that serves tenants. One
 * in-memory request ({@link MemoryExchange}) runs it; its response is the harness's results as JSON.
 * Data files the tests {@code fetch()} come from a {@link WptFileServer} on 127.0.0.1 over the tree,
 * through the worker's real {@code fetch()}.
 *
 * <p>Files run once each, with an empty query string: {@code // META: variant=} lines are not
 * expanded (the variants of the files here only split one list of subtests into parts).
 *
 * <table>
 *   <caption>Limits</caption>
 *   <tr><th>limit</th><th>default</th><th>past it</th></tr>
 *   <tr><td>wall time per file</td><td>{@link #DEFAULT_FILE_TIMEOUT}</td><td>the file reports a
 *       {@value WptResult#HARNESS} TIMEOUT</td></tr>
 *   <tr><td>CPU per file</td><td>{@link #LIMITS} ({@code cpuMs})</td><td>the isolate is terminated; the
 *       file reports a harness ERROR</td></tr>
 *   <tr><td>files at once</td><td>{@link #DEFAULT_PARALLELISM}</td><td>the next file waits</td></tr>
 * </table>
 */
public final class WptRunner {

  public static final Duration DEFAULT_FILE_TIMEOUT = Duration.ofSeconds(60);
  public static final int DEFAULT_PARALLELISM = 2;

  /** A test worker's limits: the default heap, room for a long file's CPU, plenty of fetches. */
  static final WorkerLimits LIMITS = new WorkerLimits(WorkerLimits.DEFAULT_HEAP_MB, 60_000, 1_000);

  private static final String MAIN = "wpt.js";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] TEST_STATUS = {"PASS", "FAIL", "TIMEOUT", "NOTRUN", "PRECONDITION_FAILED"};
  private static final String[] HARNESS_STATUS = {"OK", "ERROR", "TIMEOUT", "PRECONDITION_FAILED"};
  private static final AtomicLong RUNS = new AtomicLong();

  private final WorkerRuntime runtime;
  private final Expectations expectations;
  private final Duration fileTimeout;
  private final int parallelism;

  /**
   * @param runtime the runtime to run the files in (the caller owns it)
   * @param expectations the expected failures
   * @param fileTimeout how long one file may take, wall time
   * @param parallelism how many files run at once
   */
  public WptRunner(WorkerRuntime runtime, Expectations expectations, Duration fileTimeout, int parallelism) {
    this.runtime = Objects.requireNonNull(runtime, "runtime");
    this.expectations = Objects.requireNonNull(expectations, "expectations");
    if (fileTimeout.isNegative() || fileTimeout.isZero()) {
      throw new IllegalArgumentException("the file timeout must be positive, was " + fileTimeout);
    }
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1, was " + parallelism);
    }
    this.fileTimeout = fileTimeout;
    this.parallelism = parallelism;
  }

  /** A runner with the checked-in expectations and the default timeout and parallelism. */
  public WptRunner(WorkerRuntime runtime) {
    this(runtime, Expectations.checkedIn(), DEFAULT_FILE_TIMEOUT, DEFAULT_PARALLELISM);
  }

  /**
   * Runs every {@code *.any.js} under each of {@code dirs}, printing one line per file to {@code out}
   * as it finishes, then each disagreement with the expectations, then {@code N passed, M failed} as
   * the last line.
   */
  public WptReport run(List<Path> dirs, PrintStream out) throws IOException, InterruptedException {
    Map<Path, WptTestFile> tests = new LinkedHashMap<>();
    for (Path dir : dirs) {
      for (WptTestFile test : WptTestFile.discover(dir)) {
        tests.putIfAbsent(test.file(), test);
      }
    }
    Map<Path, WptFileServer> servers = new LinkedHashMap<>();
    List<WptResult> results = new ArrayList<>();
    List<Expectations.Unexpected> unexpected = new ArrayList<>();
    try {
      Semaphore slots = new Semaphore(parallelism);
      Deque<CompletableFuture<WptResult>> running = new ArrayDeque<>();
      for (WptTestFile test : tests.values()) {
        WptFileServer server = servers.get(test.root());
        if (server == null) {
          server = WptFileServer.start(test.root());
          servers.put(test.root(), server);
        }
        slots.acquire();
        running.add(runFile(test, server).whenComplete((r, e) -> slots.release()));
        while (!running.isEmpty() && running.peekFirst().isDone()) {
          report(running.removeFirst().join(), results, unexpected, out);
        }
      }
      while (!running.isEmpty()) {
        report(running.removeFirst().join(), results, unexpected, out);
      }
    } finally {
      servers.values().forEach(WptFileServer::close);
    }
    WptReport report = new WptReport(results, unexpected);
    for (Expectations.Unexpected each : unexpected) {
      out.println(each);
    }
    out.println(report.summary());
    return report;
  }

  private void report(WptResult result, List<WptResult> results, List<Expectations.Unexpected> unexpected,
      PrintStream out) {
    results.add(result);
    List<Expectations.Unexpected> found = expectations.check(result);
    unexpected.addAll(found);
    long expected = expectations.expectedFailures(result);
    StringBuilder line = new StringBuilder(result.name()).append(": ").append(result.passed()).append(" passed, ")
        .append(result.failed()).append(" failed");
    if (expected > 0) {
      line.append(" (").append(expected).append(" expected)");
    }
    if (!found.isEmpty()) {
      line.append(" (").append(found.size()).append(" unexpected)");
    }
    out.println(line);
  }

  /** Runs one file in a fresh isolate; never completes exceptionally. */
  private CompletableFuture<WptResult> runFile(WptTestFile test, WptFileServer server) {
    long run = RUNS.incrementAndGet();
    String name = "wpt-" + run;
    byte[] module;
    try {
      module = HarnessModule.source(test, server.origin()).getBytes(StandardCharsets.UTF_8);
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(harnessFailure(test, "ERROR", e.getMessage()));
    }
    WorkerDefinition worker = new WorkerDefinition(name, Long.toString(run), MAIN,
        path -> path.equals(MAIN) ? module : null, Map.of(), LIMITS, null);
    MemoryExchange exchange = new MemoryExchange(name, "http://wpt.localhost" + test.urlPath());
    runtime.dispatch(worker, exchange);
    return exchange.response()
        .orTimeout(fileTimeout.toMillis(), TimeUnit.MILLISECONDS)
        .handle((answer, error) -> {
          runtime.retire(name);
          if (error != null) {
            return error instanceof java.util.concurrent.TimeoutException
                || error.getCause() instanceof java.util.concurrent.TimeoutException
                ? harnessFailure(test, "TIMEOUT", "the file did not finish within " + fileTimeout.toSeconds() + " s")
                : harnessFailure(test, "ERROR", String.valueOf(error.getMessage()));
          }
          String body = new String(answer.body(), StandardCharsets.UTF_8);
          if (answer.status() != 200) {
            return harnessFailure(test, "ERROR", "the worker answered " + answer.status() + ": " + body.strip());
          }
          return parse(test, body);
        });
  }

  private static WptResult parse(WptTestFile test, String body) {
    JsonNode json;
    try {
      json = JSON.readTree(body);
    } catch (IOException e) {
      return harnessFailure(test, "ERROR", "the results are not JSON: " + e.getMessage());
    }
    List<WptResult.Subtest> subtests = new ArrayList<>();
    for (JsonNode t : json.path("tests")) {
      subtests.add(new WptResult.Subtest(t.path("name").asText(), word(TEST_STATUS, t.path("status").asInt(-1)),
          t.path("message").isNull() ? null : t.path("message").asText()));
    }
    int status = json.path("status").asInt(-1);
    if (status != 0) {
      subtests.add(new WptResult.Subtest(WptResult.HARNESS, word(HARNESS_STATUS, status),
          json.path("message").isNull() ? null : json.path("message").asText()));
    }
    return new WptResult(test.name(), test.suite(), test.pathInSuite(), subtests);
  }

  private static String word(String[] words, int status) {
    return status >= 0 && status < words.length ? words[status] : "UNKNOWN(" + status + ")";
  }

  private static WptResult harnessFailure(WptTestFile test, String status, String message) {
    return new WptResult(test.name(), test.suite(), test.pathInSuite(),
        List.of(new WptResult.Subtest(WptResult.HARNESS, status, message)));
  }
}
