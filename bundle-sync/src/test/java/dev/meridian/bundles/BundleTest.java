package dev.meridian.bundles;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class BundleTest {

  private static final byte[] MAIN = "export default {};".getBytes(StandardCharsets.UTF_8);

  @Test
  void roundTripKeepsMetadataFilesAndHash() throws Exception {
    WorkerMetadata meta = WorkerMetadata.of("shop", "src/index.js").withRoutes(List.of("shop.example.com/*"))
        .withVars(Map.of("GREETING", "hi", "N", 3));
    Bundle b = Bundle.of(meta, Map.of("src/index.js", MAIN, "src/lib/util.js", new byte[] {1, 2, 3}, "data.bin", new byte[0]));
    Bundle d = Bundle.decode(b.encode());
    assertEquals(meta, d.metadata());
    assertEquals(b.files().keySet(), d.files().keySet());
    assertArrayEquals(new byte[] {1, 2, 3}, d.file("src/lib/util.js"));
    assertArrayEquals(new byte[0], d.file("data.bin"));
    assertEquals(b.hash(), d.hash());
    assertEquals(Bundle.hashOf(b.encode()), b.hash());
    assertTrue(Bundle.isHash(b.hash()));
  }

  @Test
  void encodingStartsWithMetadataThenFilesSortedWithOneFixedTime() throws Exception {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("z.js", MAIN);
    files.put("index.js", MAIN);
    files.put("a/b.txt", MAIN);
    Bundle b = Bundle.of(WorkerMetadata.of("w", "index.js"), files);
    List<String> names = new ArrayList<>();
    List<Long> times = new ArrayList<>();
    try (ZipInputStream zin = new ZipInputStream(new java.io.ByteArrayInputStream(b.encode()))) {
      for (ZipEntry e; (e = zin.getNextEntry()) != null; ) {
        names.add(e.getName());
        times.add(e.getTime());
      }
    }
    assertEquals(List.of("meridian.json", "a/b.txt", "index.js", "z.js"), names);
    assertEquals(1, times.stream().distinct().count());
  }

  @Test
  void sameFilesInAnyOrderGiveTheSameBytesAndHash() throws Exception {
    Map<String, byte[]> one = new LinkedHashMap<>();
    one.put("index.js", MAIN);
    one.put("b.js", new byte[] {9});
    Map<String, byte[]> two = new LinkedHashMap<>();
    two.put("b.js", new byte[] {9});
    two.put("index.js", MAIN);
    WorkerMetadata m1 = WorkerMetadata.of("w", "index.js").withVars(Map.of("A", 1, "B", Map.of("y", 1, "x", 2)));
    Map<String, Object> vars = new LinkedHashMap<>();
    vars.put("B", Map.of("x", 2, "y", 1));
    vars.put("A", 1);
    WorkerMetadata m2 = WorkerMetadata.of("w", "index.js").withVars(vars);
    Bundle a = Bundle.of(m1, one);
    Bundle b = Bundle.of(m2, two);
    assertArrayEquals(a.encode(), b.encode());
    assertEquals(a.hash(), b.hash());
    assertEquals(a, b);
    assertNotEquals(a.hash(), Bundle.of(m1, Map.of("index.js", MAIN)).hash());
  }

  // ---- properties over random file maps ----

  @Provide
  Arbitrary<Map<String, byte[]>> fileMaps() {
    Arbitrary<String> segment = Arbitraries.strings().withChars("abcxyz019_-.").ofMinLength(1).ofMaxLength(8)
        .filter(s -> !s.equals(".") && !s.equals("..") && !s.equals("meridian.json"));
    Arbitrary<String> path = segment.list().ofMinSize(1).ofMaxSize(3).map(l -> String.join("/", l));
    Arbitrary<byte[]> content = Arbitraries.bytes().array(byte[].class).ofMaxSize(2000);
    return Arbitraries.maps(path, content).ofMinSize(1).ofMaxSize(12)
        .filter(m -> m.keySet().stream().noneMatch(k -> m.keySet().stream().anyMatch(o -> o.startsWith(k + "/"))));
  }

  @Property(tries = 150)
  void anyFileMapRoundTripsAndEncodesDeterministically(@ForAll("fileMaps") Map<String, byte[]> files) throws Exception {
    String main = files.keySet().iterator().next();
    WorkerMetadata meta = WorkerMetadata.of("w", main);
    Bundle b = Bundle.of(meta, files);
    Bundle again = Bundle.of(meta, new LinkedHashMap<>(files));
    assertEquals(b.hash(), again.hash());
    Bundle d = Bundle.decode(b.encode());
    assertEquals(files.keySet(), d.files().keySet());
    for (var e : files.entrySet()) {
      assertArrayEquals(e.getValue(), d.file(e.getKey()));
    }
    assertEquals(b.hash(), d.hash());
  }

  @Provide
  Arbitrary<byte[]> damagedBundles() {
    byte[] good = TestBundles.worker("w", "hello").encode();
    Arbitrary<byte[]> flipped = Combinators.combine(
            Arbitraries.integers().between(0, good.length - 1).list().ofMinSize(1).ofMaxSize(8),
            Arbitraries.bytes().list().ofSize(8))
        .as((positions, values) -> {
          byte[] b = good.clone();
          for (int i = 0; i < positions.size(); i++) {
            b[positions.get(i)] ^= (byte) (values.get(i) | 1);
          }
          return b;
        });
    Arbitrary<byte[]> truncated = Arbitraries.integers().between(0, good.length - 1)
        .map(n -> java.util.Arrays.copyOf(good, n));
    Arbitrary<byte[]> garbage = Arbitraries.bytes().array(byte[].class).ofMaxSize(500);
    Arbitrary<byte[]> zipPrefixed = garbage.map(g -> {
      byte[] b = new byte[g.length + 4];
      b[0] = 'P';
      b[1] = 'K';
      b[2] = 3;
      b[3] = 4;
      System.arraycopy(g, 0, b, 4, g.length);
      return b;
    });
    return Arbitraries.oneOf(flipped, truncated, garbage, zipPrefixed);
  }

  /** Damaged input either still decodes (a flip in a part the reader skips) or fails with BundleException: nothing else escapes. */
  @Property(tries = 400)
  void damagedBytesNeverThrowAnythingButBundleException(@ForAll("damagedBundles") byte[] bytes) {
    try {
      Bundle b = Bundle.decode(bytes);
      assertEquals(Bundle.hashOf(bytes), b.hash());
    } catch (BundleException expected) {
      assertTrue(expected.getMessage() != null && !expected.getMessage().isBlank());
    }
  }

  // ---- every decode error ----

  @Test
  void notAZip() {
    BundleException e = assertThrows(BundleException.class, () -> Bundle.decode("hello world".getBytes(StandardCharsets.UTF_8)));
    assertTrue(e.getMessage().contains("no ZIP entries"), e.getMessage());
    assertEquals(BundleException.Reason.INVALID, e.reason());
  }

  @Test
  void emptyZip() throws Exception {
    BundleException e = assertThrows(BundleException.class, () -> Bundle.decode(zip(Map.of())));
    assertTrue(e.getMessage().contains("no ZIP entries"), e.getMessage());
  }

  @Test
  void missingMetadata() {
    BundleException e = assertThrows(BundleException.class, () -> Bundle.decode(zip(Map.of("index.js", MAIN))));
    assertTrue(e.getMessage().contains("meridian.json is missing"), e.getMessage());
  }

  @Test
  void metadataNotJson() {
    BundleException e = assertThrows(BundleException.class,
        () -> Bundle.decode(zip(ordered("meridian.json", "{not json".getBytes(StandardCharsets.UTF_8), "index.js", MAIN))));
    assertTrue(e.getMessage().startsWith("meridian.json: worker metadata is not valid JSON"), e.getMessage());
  }

  @Test
  void metadataMissingField() {
    BundleException e = assertThrows(BundleException.class,
        () -> Bundle.decode(zip(ordered("meridian.json", "{\"name\":\"w\"}".getBytes(StandardCharsets.UTF_8), "index.js", MAIN))));
    assertTrue(e.getMessage().contains("\"main\" is missing"), e.getMessage());
  }

  @Test
  void metadataInvalid() {
    byte[] meta = WorkerMetadata.of("bad name!", "index.js").withRoutes(List.of("no-path.example.com")).toJson();
    BundleException e = assertThrows(BundleException.class, () -> Bundle.decode(zip(ordered("meridian.json", meta, "index.js", MAIN))));
    assertTrue(e.getMessage().contains("name \"bad name!\""), e.getMessage());
    assertTrue(e.getMessage().contains("has no path"), e.getMessage());
  }

  @Test
  void mainModuleMissing() {
    byte[] meta = WorkerMetadata.of("w", "src/index.js").toJson();
    BundleException e = assertThrows(BundleException.class, () -> Bundle.decode(zip(ordered("meridian.json", meta, "index.js", MAIN))));
    assertTrue(e.getMessage().contains("main module \"src/index.js\" is not in the bundle"), e.getMessage());
  }

  @Test
  void unsafeNames() {
    byte[] meta = WorkerMetadata.of("w", "index.js").toJson();
    for (String name : List.of("../evil.js", "a/../../evil.js", "/etc/passwd", "C:/x.js", "a\\b.js", "a//b.js", "./a.js", "a\u0001.js")) {
      BundleException e = assertThrows(BundleException.class,
          () -> Bundle.decode(zip(ordered("meridian.json", meta, "index.js", MAIN, name, MAIN))), name);
      assertTrue(e.getMessage().startsWith("entry \""), name + ": " + e.getMessage());
    }
  }

  @Test
  void duplicateNames() throws Exception {
    byte[] meta = WorkerMetadata.of("w", "index.js").toJson();
    byte[] twice = rename(zip(ordered("meridian.json", meta, "index.js", MAIN, "indey.js", MAIN)), "indey.js", "index.js");
    BundleException e = assertThrows(BundleException.class, () -> Bundle.decode(twice));
    assertTrue(e.getMessage().contains("appears twice"), e.getMessage());
    byte[] metaTwice = rename(zip(ordered("meridian.json", meta, "meridian.jsoo", meta, "index.js", MAIN)), "meridian.jsoo", "meridian.json");
    assertTrue(assertThrows(BundleException.class, () -> Bundle.decode(metaTwice)).getMessage().contains("appears twice"));
  }

  @Test
  void directoryEntriesAreIgnored() throws Exception {
    byte[] meta = WorkerMetadata.of("w", "src/index.js").toJson();
    Bundle b = Bundle.decode(zip(ordered("meridian.json", meta, "src/", new byte[0], "src/index.js", MAIN)));
    assertEquals(List.of("src/index.js"), List.copyOf(b.files().keySet()));
  }

  @Test
  void tooLargeEncoded() {
    BundleException e = assertThrows(BundleException.class, () -> Bundle.decode(new byte[Bundle.MAX_BYTES + 1]));
    assertEquals(BundleException.Reason.TOO_LARGE, e.reason());
    assertTrue(e.getMessage().contains("the limit is " + Bundle.MAX_BYTES), e.getMessage());
  }

  @Test
  void tooLargeInflatedZipBomb() throws Exception {
    byte[] meta = WorkerMetadata.of("w", "index.js").toJson();
    byte[] bomb = zip(ordered("meridian.json", meta, "index.js", MAIN, "zeros.bin", new byte[2 << 20]));
    assertTrue(bomb.length < 20_000);
    BundleException e = assertThrows(BundleException.class, () -> Bundle.decode(bomb, 1 << 20));
    assertEquals(BundleException.Reason.TOO_LARGE, e.reason());
    assertTrue(e.getMessage().contains("inflate"), e.getMessage());
  }

  @Test
  void ofRefusesWhatDecodeWouldRefuse() {
    WorkerMetadata meta = WorkerMetadata.of("w", "index.js");
    assertThrows(BundleException.class, () -> Bundle.of(meta, Map.of("other.js", MAIN)));
    assertThrows(BundleException.class, () -> Bundle.of(meta, Map.of("index.js", MAIN, "../x", MAIN)));
    assertThrows(BundleException.class, () -> Bundle.of(meta, Map.of("index.js", MAIN, "meridian.json", MAIN)));
    assertThrows(BundleException.class, () -> Bundle.of(WorkerMetadata.of("", "index.js"), Map.of("index.js", MAIN)));
  }

  @Test
  void filesCannotBeChangedFromOutside() throws Exception {
    byte[] content = {1, 2, 3};
    Map<String, byte[]> files = new LinkedHashMap<>(Map.of("index.js", content));
    Bundle b = Bundle.of(WorkerMetadata.of("w", "index.js"), files);
    content[0] = 9;
    files.put("more.js", MAIN);
    assertEquals(1, b.file("index.js")[0]);
    assertEquals(1, b.files().size());
    byte[] enc = b.encode();
    enc[0] = 0;
    assertEquals(Bundle.hashOf(b.encode()), b.hash());
    assertThrows(UnsupportedOperationException.class, () -> b.files().clear());
  }

  // ---- helpers: hand-made ZIPs ----

  private static Map<String, byte[]> ordered(Object... nameThenContent) {
    Map<String, byte[]> m = new LinkedHashMap<>();
    for (int i = 0; i < nameThenContent.length; i += 2) {
      m.put((String) nameThenContent[i], (byte[]) nameThenContent[i + 1]);
    }
    return m;
  }

  /** Entries STORED in the given order, so names appear verbatim in the bytes (see rename). */
  private static byte[] zip(Map<String, byte[]> entries) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out)) {
      for (var e : entries.entrySet()) {
        ZipEntry ze = new ZipEntry(e.getKey());
        ze.setMethod(e.getValue().length > 100_000 ? ZipEntry.DEFLATED : ZipEntry.STORED);
        if (ze.getMethod() == ZipEntry.STORED) {
          CRC32 crc = new CRC32();
          crc.update(e.getValue());
          ze.setSize(e.getValue().length);
          ze.setCrc(crc.getValue());
        }
        z.putNextEntry(ze);
        z.write(e.getValue());
        z.closeEntry();
      }
    }
    return out.toByteArray();
  }

  /** Replaces every occurrence of {@code from} by {@code to} (same length): names the JDK writer would refuse. */
  private static byte[] rename(byte[] zip, String from, String to) {
    byte[] f = from.getBytes(StandardCharsets.UTF_8);
    byte[] t = to.getBytes(StandardCharsets.UTF_8);
    byte[] out = zip.clone();
    for (int i = 0; i + f.length <= out.length; i++) {
      if (java.util.Arrays.equals(out, i, i + f.length, f, 0, f.length)) {
        System.arraycopy(t, 0, out, i, t.length);
      }
    }
    return out;
  }
}
