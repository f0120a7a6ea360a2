package dev.meridian.kv.crdt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** {@link LwwMap#KEY_ORDER} is the byte order of UTF-8, the order Workers KV lists keys in. */
class KeyOrderTest {

  @Provide
  Arbitrary<String> keys() {
    Arbitrary<Integer> codePoint = Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.integers().between('a', 'd')),
        Tuple.of(1, Arbitraries.integers().between(0x80, 0xD7FF)),
        Tuple.of(1, Arbitraries.integers().between(0xE000, 0xFFFF)),
        Tuple.of(1, Arbitraries.integers().between(0x10000, 0x10FFFF)));
    return codePoint.list().ofMaxSize(4).map(KeyOrderTest::fromCodePoints);
  }

  private static String fromCodePoints(List<Integer> cps) {
    StringBuilder sb = new StringBuilder();
    cps.forEach(sb::appendCodePoint);
    return sb.toString();
  }

  @Property(tries = 2000)
  void keyOrderIsUtf8ByteOrder(@ForAll("keys") String a, @ForAll("keys") String b) {
    int expected = Integer.signum(Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));
    assertEquals(expected, Integer.signum(LwwMap.KEY_ORDER.compare(a, b)), a + " vs " + b);
  }
}
