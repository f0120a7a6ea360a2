package dev.meridian.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A role's TOML file says what its flags say; the command line wins; mistakes name the key. */
class NodeConfigTest {

  @TempDir Path dir;

  @Test
  void keysBecomeFlagsBeforeTheCommandLine() throws Exception {
    Path file = Files.writeString(dir.resolve("node.toml"), """
        http_port = 9080
        pulsar = "pulsar://broker:6650"
        no_http3 = true
        no_dns = false
        dns_rate_limit = 50
        geo = ["clients.csv", "GeoLite2-City.mmdb"]
        """);
    String[] args = NodeConfig.expand(new String[] {"--config", file.toString(), "--http-port", "9090"},
        ServerCommand.USAGE, "server");
    assertArrayEquals(new String[] {"--http-port", "9080", "--pulsar", "pulsar://broker:6650", "--no-http3",
        "--dns-rate-limit", "50", "--geo", "clients.csv", "--geo", "GeoLite2-City.mmdb", "--http-port", "9090"}, args);
  }

  @Test
  void anUnknownKeyOrABadValueIsNamed() throws Exception {
    Path unknown = Files.writeString(dir.resolve("a.toml"), "http_prot = 9080\n");
    Meridian.UsageException e = assertThrows(Meridian.UsageException.class,
        () -> NodeConfig.expand(new String[] {"--config", unknown.toString()}, ServerCommand.USAGE, "server"));
    assertTrue(e.getMessage().contains("unknown key 'http_prot'") && e.getMessage().contains("meridian server --help"),
        e.getMessage());
    Path table = Files.writeString(dir.resolve("b.toml"), "[http_port]\nx = 1\n");
    e = assertThrows(Meridian.UsageException.class,
        () -> NodeConfig.expand(new String[] {"--config", table.toString()}, ServerCommand.USAGE, "server"));
    assertTrue(e.getMessage().contains("'http_port' must be"), e.getMessage());
    Path broken = Files.writeString(dir.resolve("c.toml"), "http_port = \n");
    e = assertThrows(Meridian.UsageException.class,
        () -> NodeConfig.expand(new String[] {"--config", broken.toString()}, ServerCommand.USAGE, "server"));
    assertTrue(e.getMessage().contains("not valid TOML"), e.getMessage());
  }
}
