package dev.meridian.bundles.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class ManifestTest {

  static final String H1 = "a".repeat(64);
  static final String H2 = "b".repeat(64);

  static Manifest rollout() {
    return new Manifest("acme", "shop", 7, List.of("shop.example.com/*"),
        List.of(new Release("v2", H2, 10), new Release("v1", H1, 90)), Map.of("API_KEY", "v1.sealed"), true);
  }

  @Test
  void jsonRoundTrip() throws Exception {
    Manifest m = rollout();
    assertEquals(m, Manifest.fromJson(m.toJson()));
    assertEquals("acme/shop", m.deploymentId());
    Manifest plain = new Manifest("t", "w", 0, List.of(), List.of(new Release("v1", H1, 100)), Map.of(), false);
    assertEquals(plain, Manifest.fromJson(plain.toJson()));
  }

  @Test
  void releaseAtSplitsByPercent() {
    Manifest m = rollout();
    int v2 = 0;
    for (int p = 0; p < 100; p++) {
      if (m.releaseAt(p).version().equals("v2")) {
        v2++;
      }
    }
    assertEquals(10, v2);
    assertThrows(IllegalArgumentException.class, () -> m.releaseAt(100));
  }

  @Test
  void invariantsAreChecked() {
    Release r = new Release("v1", H1, 100);
    assertMessage("add up to 90", () -> new Manifest("t", "w", 1, List.of(), List.of(new Release("v1", H1, 90)), Map.of(), false));
    assertMessage("at least one release", () -> new Manifest("t", "w", 1, List.of(), List.of(), Map.of(), false));
    assertMessage("twice", () -> new Manifest("t", "w", 1, List.of(), List.of(new Release("v1", H1, 50), new Release("v1", H2, 50)), Map.of(), false));
    assertMessage("tenant", () -> new Manifest("a/b", "w", 1, List.of(), List.of(r), Map.of(), false));
    assertMessage("has no path", () -> new Manifest("t", "w", 1, List.of("example.com"), List.of(r), Map.of(), false));
    assertMessage("negative", () -> new Manifest("t", "w", -1, List.of(), List.of(r), Map.of(), false));
    assertMessage("not a lowercase hex SHA-256", () -> new Release("v1", "ABC", 100));
    assertMessage("not in 0..100", () -> new Release("v1", H1, 101));
  }

  @Test
  void corruptedJsonIsAManifestExceptionNamingTheField() {
    String good = new String(rollout().toJson(), StandardCharsets.UTF_8);
    for (String[] c : new String[][] {
        {good.substring(0, good.length() / 2), "not valid JSON"},
        {"[]", "must be a JSON object"},
        {good.replace("\"revision\":7", "\"revision\":\"7\""), "\"revision\" must be an integer"},
        {good.replace("\"percent\":10", "\"percent\":11"), "add up to 101"},
        {good.replace(H2, "zz"), "not a lowercase hex SHA-256"},
        {good.replace("\"routes\":[", "\"routes\":[1,"), "\"routes[]\" must be a string"},
        {good.replace("\"pinned\":true", "\"pinned\":\"yes\""), "\"pinned\" must be true or false"},
        {good.replace("\"tenant\":\"acme\",", ""), "\"tenant\" must be a string"}}) {
      ManifestException e = assertThrows(ManifestException.class, () -> Manifest.fromJson(c[0].getBytes(StandardCharsets.UTF_8)), c[0]);
      assertTrue(e.getMessage().contains(c[1]), c[0] + " -> " + e.getMessage());
    }
  }

  @Property(tries = 300)
  void anyBytesGiveAManifestOrAManifestException(@ForAll byte[] bytes) {
    try {
      Manifest.fromJson(bytes);
    } catch (ManifestException expected) {
      assertTrue(!expected.getMessage().isBlank());
    }
  }

  private static void assertMessage(String part, org.junit.jupiter.api.function.Executable e) {
    IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
    assertTrue(x.getMessage().contains(part), x.getMessage());
  }
}
