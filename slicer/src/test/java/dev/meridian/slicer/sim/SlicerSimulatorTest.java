package dev.meridian.slicer.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlicerSimulatorTest {

  private static List<String> run(String... args) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int code = SlicerSimulator.run(args, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
    return code == 0 ? lines : List.of("exit=" + code, String.join("\n", lines));
  }

  @Test
  void printsOneLinePerRoundAndASummary() {
    List<String> lines = run("--tasks", "10", "--keys", "5000", "--zipf", "1.0", "--rounds", "4");
    assertTrue(lines.get(0).startsWith("# tasks=10 keys=5000"), lines.get(0));
    assertEquals(1 + 5 + 1, lines.size(), String.join("\n", lines));
    for (int r = 0; r <= 4; r++) {
      assertTrue(lines.get(1 + r).startsWith("round=" + r + " max/mean="), lines.get(1 + r));
    }
    String last = lines.get(lines.size() - 1);
    assertTrue(last.matches("imbalance=\\d+\\.\\d{3} churn=\\d+\\.\\d{4} compute_ms=\\d+\\.\\d"),
        last);
  }

  @Test
  void convergesUnderTheToleranceOnZipfLoad() {
    List<String> lines = run("--tasks", "20", "--keys", "20000", "--rounds", "10");
    String last = lines.get(lines.size() - 1);
    double imbalance = Double.parseDouble(last.substring("imbalance=".length(), last.indexOf(' ')));
    assertTrue(imbalance < 1.10, last);
  }

  @Test
  void aBadOptionIsNamedWithTheUsage() {
    List<String> lines = run("--tasks", "many");
    assertEquals("exit=2", lines.get(0));
    assertTrue(lines.get(1).contains("option --tasks: 'many' is not a number"), lines.get(1));
    assertTrue(run("--frobnicate", "1").get(1).contains("unknown option --frobnicate"));
  }

  @Test
  void helpListsEveryOption() {
    List<String> lines = run("--help");
    assertEquals("usage: slicer-sim [options]", lines.get(0));
    assertEquals(SimulationSettings.usage().size() + 1, lines.size());
  }
}
