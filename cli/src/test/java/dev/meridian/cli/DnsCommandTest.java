package dev.meridian.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code meridian dns} refuses bad arguments and bad zone files with a message that says what to fix. */
class DnsCommandTest {

  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Meridian.run(args, Map.of(), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String errors() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void argumentsAreChecked() {
    assertEquals(2, run("dns"));
    assertTrue(errors().contains("--zone is required"), errors());
    assertEquals(2, run("dns", "--zone", "z", "--threads", "0"));
    assertTrue(errors().contains("--threads takes a number from 1 to 1024, was '0'"), errors());
    assertEquals(2, run("dns", "--zone", "z", "--port", "70000"));
    assertEquals(2, run("dns", "--zone", "z", "--bogus"));
    assertTrue(errors().contains("unexpected argument '--bogus'"), errors());
    assertEquals(2, run("dns", "--zone", "z", "--rate-limit", "-1"));
    assertTrue(errors().contains("--rate-limit takes responses per second (0 = off) from 0 to 1000000, was '-1'"),
        errors());
  }

  @Test
  void theNodesTakeTheDnsRateLimitToo() {
    assertEquals(2, run("server", "--dns-rate-limit", "fast"));
    assertTrue(errors().contains("--dns-rate-limit takes responses per second (0 = off)"), errors());
    assertEquals(2, run("control-plane", "--data", "d", "--pulsar", "pulsar://p:6650", "--dns-rate-limit", "-5"));
    assertTrue(errors().contains("was '-5'"), errors());
  }

  @Test
  void aBadZoneFileIsReportedWithItsName(@TempDir Path dir) throws Exception {
    Path zone = dir.resolve("bad.zone");
    Files.writeString(zone, "$ORIGIN example.test.\nwww 60 IN A 192.0.2.1\n");
    assertEquals(1, run("dns", "--zone", zone.toString(), "--port", "0"));
    assertTrue(errors().contains("bad.zone has no SOA record"), errors());
    assertEquals(1, run("dns", "--zone", dir.resolve("missing.zone").toString(), "--port", "0"));
    assertTrue(errors().contains("missing.zone does not exist"), errors());
  }
}
