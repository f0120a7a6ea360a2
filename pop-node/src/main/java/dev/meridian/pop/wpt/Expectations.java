package dev.meridian.pop.wpt;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The subtests expected to fail, one JSON file per suite (a WPT top-level folder), each failure with
 * the reason it fails:
 *
 * <pre>{@code
 * {
 *   "url-constructor.any.js": {
 *     "Parsing: <…> against <…>": "why it fails"
 *   }
 * }
 * }</pre>
 *
 * <p>Files are keyed by their path inside the suite, subtests by their exact name; a harness failure
 * is listed as {@value WptResult#HARNESS}. The checked-in lists live on the classpath under {@code
 * dev/meridian/pop/wpt/expectations/<suite>.json}; a suite without a file expects every subtest to
 * pass. A run fails when a subtest fails that is not listed, when a listed one passes, or when a listed
 * one no longer runs at all, so the lists stay true.
 */
public final class Expectations {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RESOURCES = "/dev/meridian/pop/wpt/expectations/";

  /** Where a suite's file is read from: its text, or null when the suite has none. */
  @FunctionalInterface
  interface Source {
    @Nullable String read(String suite) throws IOException;
  }

  /** A result that disagrees with the lists. */
  public record Unexpected(String file, String subtest, Kind kind, @Nullable String detail) {
    @Override
    public String toString() {
      return switch (kind) {
        case FAILED -> file + ": unexpected failure: " + subtest + (detail == null ? "" : " (" + detail + ")");
        case PASSED -> file + ": expected to fail but passed (remove it from the expectations): " + subtest;
        case MISSING -> file + ": listed in the expectations but did not run: " + subtest;
      };
    }
  }

  /** How a result disagrees. */
  public enum Kind {
    FAILED,
    PASSED,
    MISSING
  }

  private final Source source;
  private final Map<String, Map<String, Map<String, String>>> suites = new ConcurrentHashMap<>();

  private Expectations(Source source) {
    this.source = source;
  }

  /** The lists checked in with the runtime. */
  public static Expectations checkedIn() {
    return new Expectations(suite -> {
      try (InputStream in = Expectations.class.getResourceAsStream(RESOURCES + suite + ".json")) {
        return in == null ? null : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      }
    });
  }

  /** The lists in {@code dir}, one {@code <suite>.json} each (for a WPT tree of one's own). */
  public static Expectations in(Path dir) {
    return new Expectations(suite -> {
      Path file = dir.resolve(suite + ".json");
      return Files.isRegularFile(file) ? Files.readString(file) : null;
    });
  }

  /** Every disagreement between {@code result} and the lists. */
  public List<Unexpected> check(WptResult result) {
    Map<String, String> expected = forFile(result.suite(), result.pathInSuite());
    List<Unexpected> found = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (WptResult.Subtest subtest : result.subtests()) {
      seen.add(subtest.name());
      boolean listed = expected.containsKey(subtest.name());
      if (!subtest.passed() && !listed) {
        found.add(new Unexpected(result.name(), subtest.name(), Kind.FAILED,
            subtest.status() + (subtest.message() == null ? "" : ": " + subtest.message())));
      } else if (subtest.passed() && listed) {
        found.add(new Unexpected(result.name(), subtest.name(), Kind.PASSED, null));
      }
    }
    for (String listed : expected.keySet()) {
      if (!seen.contains(listed)) {
        found.add(new Unexpected(result.name(), listed, Kind.MISSING, null));
      }
    }
    return found;
  }

  /**
   * Rewrites the lists in {@code dir} so that they say what {@code report} saw: for every file that
   * ran, its failing subtests, keeping the reason of each one listed already and marking new ones
   * for a reason to be written; files that did not run keep their entries. A run right after an
   * update agrees with the lists. Returns the files written.
   */
  public List<Path> update(WptReport report, Path dir) throws IOException {
    Map<String, Map<String, Map<String, String>>> bySuite = new java.util.TreeMap<>();
    for (WptResult result : report.results()) {
      Map<String, Map<String, String>> files = bySuite.computeIfAbsent(result.suite(),
          suite -> new java.util.TreeMap<>(load(suite)));
      Map<String, String> known = files.getOrDefault(result.pathInSuite(), Map.of());
      Map<String, String> failing = new java.util.TreeMap<>();
      for (WptResult.Subtest subtest : result.subtests()) {
        if (!subtest.passed()) {
          String reason = known.get(subtest.name());
          failing.put(subtest.name(), reason != null ? reason
              : "TODO(conform): say why this fails; seen: " + subtest.status()
                  + (subtest.message() == null ? "" : ": " + subtest.message()));
        }
      }
      if (failing.isEmpty()) {
        files.remove(result.pathInSuite());
      } else {
        files.put(result.pathInSuite(), failing);
      }
    }
    Files.createDirectories(dir);
    List<Path> written = new ArrayList<>();
    for (Map.Entry<String, Map<String, Map<String, String>>> suite : bySuite.entrySet()) {
      Path file = dir.resolve(suite.getKey() + ".json");
      Map<String, Map<String, String>> sorted = new java.util.TreeMap<>();
      suite.getValue().forEach((name, subtests) -> sorted.put(name, new java.util.TreeMap<>(subtests)));
      Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(sorted) + "\n");
      suites.remove(suite.getKey());
      written.add(file);
    }
    return written;
  }

  /** How many subtests of {@code result} are listed as expected to fail. */
  long expectedFailures(WptResult result) {
    Map<String, String> expected = forFile(result.suite(), result.pathInSuite());
    return result.subtests().stream().filter(s -> !s.passed() && expected.containsKey(s.name())).count();
  }

  private Map<String, String> forFile(String suite, String pathInSuite) {
    return suites.computeIfAbsent(suite, this::load).getOrDefault(pathInSuite, Map.of());
  }

  private Map<String, Map<String, String>> load(String suite) {
    String text;
    try {
      text = source.read(suite);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the expectations of " + suite + ": " + e.getMessage(), e);
    }
    if (text == null) {
      return Map.of();
    }
    Map<String, Map<String, Object>> raw;
    try {
      raw = JSON.readValue(text, new TypeReference<LinkedHashMap<String, Map<String, Object>>>() {});
    } catch (IOException e) {
      throw new IllegalStateException("the expectations of suite " + suite
          + " are not an object of files to objects of subtests to reasons: " + e.getMessage(), e);
    }
    Map<String, Map<String, String>> files = new HashMap<>();
    raw.forEach((file, subtests) -> {
      Map<String, String> reasons = new HashMap<>();
      subtests.forEach((subtest, reason) -> {
        if (!(reason instanceof String text2) || text2.isBlank()) {
          throw new IllegalStateException("the expectations of suite " + suite + " list '" + subtest + "' in "
              + file + " without a reason: every expected failure says why it fails");
        }
        reasons.put(subtest, text2);
      });
      files.put(file, reasons);
    });
    return files;
  }
}
