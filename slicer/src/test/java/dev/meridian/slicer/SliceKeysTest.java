package dev.meridian.slicer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SliceKeysTest {

  @Test
  void fingerprintIsStableAcrossReleases() {
    // Stored assignments are ranges of these values: a change here re-homes every key.
    assertEquals(SliceKeys.of("room-42"), SliceKeys.of("room-42".getBytes(
        java.nio.charset.StandardCharsets.UTF_8)));
    assertEquals(8442584544778250395L, SliceKeys.of(""));
    assertNotEquals(SliceKeys.of("a"), SliceKeys.of("b"));
  }

  @Test
  void keysStayWithin63Bits() {
    for (int i = 0; i < 10_000; i++) {
      assertTrue(SliceKeys.of("key-" + i) >= 0);
    }
  }

  @Test
  void fractionHandlesTheEndOfTheKeyspace() {
    assertEquals(1.0, SliceKeys.fraction(0, SliceKeys.END));
    assertEquals(0.5, SliceKeys.fraction(1L << 62, SliceKeys.END));
    assertEquals(0.25, new Slice(0, 1L << 61).fraction());
  }

  @Test
  void sliceRejectsEmptyAndOutOfRangeBounds() {
    assertThrows(IllegalArgumentException.class, () -> new Slice(5, 5));
    assertThrows(IllegalArgumentException.class, () -> new Slice(-1, 5));
    assertTrue(new Slice(0, SliceKeys.END).contains(Long.MAX_VALUE));
    assertTrue(new Slice(7, 8).isUnit());
  }
}
