package dev.meridian.kv.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Kills a writing JVM with SIGKILL in the middle of its writes and checks that every write it had
 * acknowledged is there after recovery, under each fsync policy (a process crash, not a power cut:
 * see {@link FsyncPolicy}).
 */
class NamespaceStoreCrashTest {

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"always", "interval", "never"})
  void noAcknowledgedWriteIsLostWhenTheWriterIsKilled(String policy) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        CrashWriter.class.getName(), dir.toString(), policy)
        .redirectErrorStream(true)
        .start();
    int lastAck = -1;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null && lastAck < 1_000) {
        if (line.startsWith("ack ")) {
          lastAck = Integer.parseInt(line.substring(4));
        }
      }
      child.destroyForcibly(); // SIGKILL while it keeps writing
      assertTrue(child.waitFor(30, TimeUnit.SECONDS));
    }
    assertTrue(lastAck >= 1_000, "child stopped early; last ack " + lastAck);
    try (NamespaceStore s = NamespaceStore.open(StoreConfig.of(dir), InstantSource.system())) {
      for (int i = 0; i <= lastAck; i++) {
        assertNotNull(s.get("key-" + i), "acknowledged write key-" + i + " lost (last ack " + lastAck + ")");
      }
      assertTrue(s.size() >= lastAck + 1);
      assertEquals('x', (char) s.get("key-0").record().value()[0]);
    }
  }
}
