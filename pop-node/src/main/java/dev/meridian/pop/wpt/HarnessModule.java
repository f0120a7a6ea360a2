package dev.meridian.pop.wpt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The one ES module a WPT test file becomes: {@code harness_module.js} (a prelude that gives the
 * global a {@code self}, a {@code location} and a {@code fetch} that resolves relative URLs against
 * the test's URL, and a {@code fetch} handler that answers with the results as JSON) with
 * {@code testharness.js}, the META scripts and the test pasted in.
 */
final class HarnessModule {

  private static final String TEMPLATE = template();
  private static final ObjectMapper JSON = new ObjectMapper();

  private HarnessModule() {}

  /** The module's source for {@code test}, whose file server answers at {@code origin}. */
  static String source(WptTestFile test, String origin) {
    StringBuilder body = new StringBuilder();
    for (Path script : test.scripts()) {
      append(body, WptTestFile.read(script));
    }
    append(body, WptTestFile.read(test.file()));
    String harness = WptTestFile.read(test.root().resolve(WptTestFile.HARNESS));
    // Spliced at the markers' places in the template, so pasted text is never searched for markers.
    int baseAt = marker("/*@BASE@*/");
    int harnessAt = marker("/*@HARNESS@*/");
    int testAt = marker("/*@TEST@*/");
    return TEMPLATE.substring(0, baseAt) + quote(origin + test.urlPath())
        + TEMPLATE.substring(baseAt + "/*@BASE@*/".length(), harnessAt) + harness + "\n"
        + TEMPLATE.substring(harnessAt + "/*@HARNESS@*/".length(), testAt) + body
        + TEMPLATE.substring(testAt + "/*@TEST@*/".length());
  }

  private static int marker(String marker) {
    int at = TEMPLATE.indexOf(marker);
    if (at < 0) {
      throw new IllegalStateException("harness_module.js lost its marker " + marker);
    }
    return at;
  }

  private static void append(StringBuilder body, String script) {
    // A script may end in a line comment or leave out its last semicolon.
    body.append(script).append("\n;\n");
  }

  private static String quote(String s) {
    try {
      return JSON.writeValueAsString(s);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String template() {
    try (InputStream in = HarnessModule.class.getResourceAsStream("harness_module.js")) {
      if (in == null) {
        throw new IllegalStateException("missing resource dev/meridian/pop/wpt/harness_module.js");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
