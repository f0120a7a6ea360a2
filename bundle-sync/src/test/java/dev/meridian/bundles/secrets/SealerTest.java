package dev.meridian.bundles.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SealerTest {

  @TempDir Path dir;

  @Test
  void keyFileIsCreatedOwnerOnlyAndReusedAfterRestart() throws Exception {
    Path key = dir.resolve("sub/secret.key");
    Sealer s = new Sealer(key);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
    String sealed = s.seal("hunter2");
    assertTrue(sealed.startsWith("v1."), sealed);
    assertTrue(!sealed.contains("hunter2"));
    assertEquals("hunter2", new Sealer(key).open(sealed));
    try (var files = Files.list(key.getParent())) {
      assertEquals(1, files.count()); // no temporary file left
    }
  }

  @Test
  void sealingTwiceGivesDifferentValues() {
    Sealer s = Sealer.ofKey(new byte[32]);
    assertNotEquals(s.seal("x"), s.seal("x"));
  }

  @Property(tries = 100)
  void anyTextRoundTrips(@ForAll String text) {
    Sealer s = Sealer.ofKey(new byte[32]);
    assertEquals(text, s.open(s.seal(text)));
  }

  @Test
  void anotherKeyOrATamperedValueDoesNotOpen() {
    Sealer a = Sealer.ofKey(new byte[32]);
    byte[] other = new byte[32];
    other[0] = 1;
    Sealer b = Sealer.ofKey(other);
    String sealed = a.seal("secret value");
    assertTrue(assertThrows(IllegalArgumentException.class, () -> b.open(sealed)).getMessage().contains("another key"));
    char[] c = sealed.toCharArray();
    c[10] = c[10] == 'A' ? 'B' : 'A';
    assertThrows(IllegalArgumentException.class, () -> a.open(new String(c)));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> a.open("plain")).getMessage().contains("not a sealed value"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> a.open("v1.abc")).getMessage().contains("truncated"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> a.open("v1.!!!")).getMessage().contains("base64url"));
  }

  @Test
  void aDamagedKeyFileIsAClearError() throws Exception {
    Path key = dir.resolve("secret.key");
    Files.writeString(key, "AAAA\n");
    IOException e = assertThrows(IOException.class, () -> new Sealer(key));
    assertTrue(e.getMessage().contains("not 32"), e.getMessage());
    Files.writeString(key, "%%%\n");
    assertTrue(assertThrows(IOException.class, () -> new Sealer(key)).getMessage().contains("not base64"));
  }
}
