package dev.meridian.pop.wpt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One {@code *.any.js} test of a WPT tree, with what it needs to run: the tree's root (the folder
 * holding {@code resources/testharness.js}) and the scripts its {@code // META: script=} lines name,
 * resolved the way WPT's server does (a leading {@code /} from the root, otherwise from the test's
 * folder).
 *
 * @param root the WPT root
 * @param file the test file
 * @param scripts the META scripts, in order
 */
record WptTestFile(Path root, Path file, List<Path> scripts) {

  /** The harness, relative to the root. */
  static final String HARNESS = "resources/testharness.js";

  private static final Pattern META_SCRIPT = Pattern.compile("^//\\s*META:\\s*script=(.+)$", Pattern.MULTILINE);

  /** The path from the root with {@code /} separators: {@code url/url-origin.any.js}. */
  String name() {
    return slashes(root.relativize(file));
  }

  /** The top-level folder the test belongs to, which names its expectations file: {@code url}. */
  String suite() {
    String name = name();
    int slash = name.indexOf('/');
    return slash < 0 ? "" : name.substring(0, slash);
  }

  /** The path inside the suite: {@code api/headers/headers-basic.any.js} for a fetch test. */
  String pathInSuite() {
    String suite = suite();
    return suite.isEmpty() ? name() : name().substring(suite.length() + 1);
  }

  /** The test's URL path on the file server: {@code /url/url-origin.any.js}. */
  String urlPath() {
    return "/" + name();
  }

  /**
   * Every {@code *.any.js} under {@code dir}, sorted by path. The root is {@code dir} itself or its
   * nearest ancestor holding {@code resources/testharness.js}, so a sub-folder of a WPT tree works
   * too.
   */
  static List<WptTestFile> discover(Path dir) throws IOException {
    Path start = dir.toAbsolutePath().normalize();
    if (!Files.isDirectory(start)) {
      throw new IOException("not a directory: " + dir);
    }
    Path root = start;
    while (root != null && !Files.isRegularFile(root.resolve(HARNESS))) {
      root = root.getParent();
    }
    if (root == null) {
      throw new IOException("no " + HARNESS + " in " + start + " or any folder above it: is it a WPT tree?");
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(start)) {
      files = walk.filter(p -> p.getFileName().toString().endsWith(".any.js") && Files.isRegularFile(p))
          .sorted((a, b) -> slashes(a).compareTo(slashes(b)))
          .toList();
    }
    List<WptTestFile> tests = new ArrayList<>(files.size());
    for (Path file : files) {
      tests.add(new WptTestFile(root, file, metaScripts(root, file)));
    }
    return tests;
  }

  private static List<Path> metaScripts(Path root, Path file) throws IOException {
    List<Path> scripts = new ArrayList<>();
    Matcher m = META_SCRIPT.matcher(Files.readString(file));
    while (m.find()) {
      String script = m.group(1).strip();
      Path resolved = script.startsWith("/")
          ? root.resolve(script.substring(1)) : file.getParent().resolve(script);
      scripts.add(resolved.normalize());
    }
    return List.copyOf(scripts);
  }

  static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  private static String slashes(Path path) {
    return path.toString().replace('\\', '/');
  }
}
