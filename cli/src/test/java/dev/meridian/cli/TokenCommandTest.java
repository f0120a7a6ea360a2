package dev.meridian.cli;

import static dev.meridian.cli.DeployJourneyTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.control.auth.TokenService;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code meridian token create --expires-in} on its own side of the wire: what it accepts and how it refuses. */
class TokenCommandTest {

  /** Nothing listens on port 1: a command that gets past its arguments fails to connect (exit 1). */
  private static final Map<String, String> NOWHERE = Map.of("MERIDIAN_API", "http://127.0.0.1:1",
      "MERIDIAN_TOKEN", "mrd_" + "A".repeat(43));

  @Test
  void aLifetimeIsAWholeNumberAndAUnit() throws Exception {
    Map<String, Duration> good = Map.of("90s", Duration.ofSeconds(90), "15m", Duration.ofMinutes(15),
        "12h", Duration.ofHours(12), "30d", Duration.ofDays(30), "365d", TokenService.MAX_LIFETIME,
        "1s", Duration.ofSeconds(1));
    for (var entry : good.entrySet()) {
      assertEquals(entry.getValue(), Args.duration(entry.getKey(), "--expires-in", TokenService.MAX_LIFETIME));
      String result = run(NOWHERE, "token", "create", "--name", "ci", "--scope", "tail", "--expires-in", entry.getKey());
      assertTrue(result.startsWith("1:") && result.contains("cannot reach"), "accepted, then no server: " + result);
    }
  }

  @Test
  void aBadLifetimeIsAUsageErrorThatShowsTheForm() {
    for (String bad : new String[] {"30", "30x", "30D", "1.5h", "30 d", "d", "", "0s", "-1d", "366d", "8761h",
        "9999999999d"}) {
      String result = run(NOWHERE, "token", "create", "--name", "ci", "--scope", "tail", "--expires-in", bad);
      assertTrue(result.startsWith("2:"), bad + ": " + result);
      assertTrue(result.contains("--expires-in takes a whole number and a unit, s, m, h or d (90m, 12h, 30d), "
          + "from 1s to 365d; was '" + bad + "'"), result);
    }
    String missing = run(NOWHERE, "token", "create", "--name", "ci", "--scope", "tail", "--expires-in");
    assertTrue(missing.startsWith("2:") && missing.contains("--expires-in needs a value"), missing);
  }

  @Test
  void theUsageNamesTheFlag() {
    String help = run(Map.of(), "token", "--help");
    assertTrue(help.startsWith("0:") && help.contains("[--expires-in LIFETIME]") && help.contains("never expires"),
        help);
  }
}
