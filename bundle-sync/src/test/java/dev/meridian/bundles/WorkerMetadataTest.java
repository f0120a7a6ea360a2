package dev.meridian.bundles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.bundles.WorkerMetadata.KvBinding;
import dev.meridian.bundles.WorkerMetadata.Limits;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class WorkerMetadataTest {

  private static WorkerMetadata full() {
    Map<String, Object> vars = new LinkedHashMap<>();
    vars.put("GREETING", "hello");
    vars.put("COUNT", 3);
    vars.put("FLAGS", List.of(true, false));
    vars.put("NESTED", Map.of("a", 1.5));
    vars.put("NOTHING", null);
    return new WorkerMetadata("shop", "src/index.js", "2026-01-15", List.of("shop.example.com/*", "*.shop.example.com/api*"),
        vars, new Limits(256, 100, 20), List.of(new KvBinding("CART", "ns_1"), new KvBinding("$users", "ns-2")),
        null, "https://origin.example.com");
  }

  @Test
  void jsonRoundTrip() {
    WorkerMetadata m = full();
    assertEquals(List.of(), m.problems());
    assertEquals(m, WorkerMetadata.fromJson(m.toJson()));
    WorkerMetadata wasm = WorkerMetadata.of("w", "main.wasm");
    wasm = new WorkerMetadata(wasm.name(), wasm.main(), null, List.of(), Map.of(), Limits.DEFAULT, List.of(), "wagi", null);
    assertEquals(wasm, WorkerMetadata.fromJson(wasm.toJson()));
  }

  @Test
  void jsonUsesWranglerKeysAndOmitsAbsentOptionals() {
    String json = new String(full().toJson(), StandardCharsets.UTF_8);
    assertTrue(json.contains("\"compatibility_date\":\"2026-01-15\""), json);
    assertTrue(json.contains("\"kv_namespaces\":[{\"binding\":\"CART\",\"id\":\"ns_1\"}"), json);
    assertTrue(json.contains("\"limits\":{\"memory_mb\":256,\"cpu_ms\":100,\"subrequests\":20}"), json);
    String minimal = new String(WorkerMetadata.of("w", "i.js").toJson(), StandardCharsets.UTF_8);
    assertTrue(!minimal.contains("wasm_interface") && !minimal.contains("origin") && !minimal.contains("compatibility_date"), minimal);
  }

  @Test
  void defaultsWhenLimitsAndListsAreAbsent() {
    WorkerMetadata m = WorkerMetadata.fromJson("{\"name\":\"w\",\"main\":\"i.js\",\"future_key\":1}".getBytes(StandardCharsets.UTF_8));
    assertEquals(Limits.DEFAULT, m.limits());
    assertEquals(new Limits(128, 50, 50), m.limits());
    assertEquals(List.of(), m.routes());
    assertEquals(Map.of(), m.vars());
    assertNull(m.compatibilityDate());
  }

  @Test
  void partialLimitsKeepTheOtherDefaults() {
    WorkerMetadata m = WorkerMetadata.fromJson(
        "{\"name\":\"w\",\"main\":\"i.js\",\"limits\":{\"cpu_ms\":10}}".getBytes(StandardCharsets.UTF_8));
    assertEquals(new Limits(128, 10, 50), m.limits());
  }

  @Test
  void everyProblemIsNamed() {
    WorkerMetadata m = new WorkerMetadata("no spaces", "../main.js", "2026-13-40", List.of("example.com"),
        Map.of("CART", "x"), new Limits(8, 0, -1),
        List.of(new KvBinding("CART", "ok"), new KvBinding("1bad", "id with space"), new KvBinding("DUP", "a"), new KvBinding("DUP", "b")),
        "wasi", "ftp://x");
    List<String> p = m.problems();
    String all = String.join("\n", p);
    for (String expected : List.of("name \"no spaces\"", "main \"../main.js\"", "compatibility_date \"2026-13-40\"", "has no path",
        "limits.memory_mb 8", "limits.cpu_ms 0", "limits.subrequests -1", "\"CART\" is also a name in [vars]",
        "\"1bad\" must be a JavaScript identifier", "id \"id with space\"", "\"DUP\" is declared twice", "wasm_interface \"wasi\"",
        "origin \"ftp://x\"")) {
      assertTrue(all.contains(expected), "missing: " + expected + " in\n" + all);
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, m::validate);
    assertTrue(e.getMessage().startsWith("invalid worker config:"), e.getMessage());
  }

  @Test
  void badJsonShapesAreNamed() {
    for (String[] c : new String[][] {
        {"[1]", "must be a JSON object"},
        {"{", "not valid JSON"},
        {"{\"main\":\"i.js\"}", "\"name\" is missing"},
        {"{\"name\":1,\"main\":\"i.js\"}", "\"name\" must be a string"},
        {"{\"name\":\"w\",\"main\":\"i.js\",\"routes\":\"x\"}", "\"routes\" must be an array"},
        {"{\"name\":\"w\",\"main\":\"i.js\",\"routes\":[1]}", "\"routes\" must be a string"},
        {"{\"name\":\"w\",\"main\":\"i.js\",\"vars\":[]}", "\"vars\" must be an object"},
        {"{\"name\":\"w\",\"main\":\"i.js\",\"limits\":{\"cpu_ms\":1.5}}", "\"limits.cpu_ms\" must be an integer"},
        {"{\"name\":\"w\",\"main\":\"i.js\",\"limits\":{\"cpu_ms\":99999999999}}", "\"limits.cpu_ms\" must be an integer"},
        {"{\"name\":\"w\",\"main\":\"i.js\",\"kv_namespaces\":[\"x\"]}", "must be an object {binding, id}"},
        {"{\"name\":\"w\",\"main\":\"i.js\",\"kv_namespaces\":[{\"binding\":\"X\"}]}", "\"id\" is missing"}}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> WorkerMetadata.fromJson(c[0].getBytes(StandardCharsets.UTF_8)), c[0]);
      assertTrue(e.getMessage().contains(c[1]), c[0] + " -> " + e.getMessage());
    }
  }

  @Test
  void routePatternsParsed() {
    assertEquals(RoutePattern.parse("shop.example.com/*"), full().routePatterns().get(0));
  }

  @Property(tries = 300)
  void anyBytesGiveMetadataOrIllegalArgument(@ForAll byte[] bytes) {
    try {
      WorkerMetadata.fromJson(bytes).problems();
    } catch (IllegalArgumentException expected) {
      assertTrue(expected.getMessage().startsWith("worker metadata"), expected.getMessage());
    }
  }
}
