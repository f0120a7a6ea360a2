package dev.meridian.pop.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerConfigTest {

  @Test
  void readsEveryKey() throws Exception {
    WorkerConfig config = WorkerConfig.parse("""
        name = "shop"
        main = "src/index.js"
        compatibility_date = "2026-11-01"
        routes = ["shop.example.com/*", "*.example.net/api/*"]
        origin = "https://origin.example.com"
        [vars]
        GREETING = "hi"
        COUNT = 3
        [secrets]
        TOKEN = "t"
        [limits]
        memory_mb = 256
        cpu_ms = 100
        subrequests = 10
        """, "meridian.toml");
    assertEquals("shop", config.name());
    assertEquals(List.of("shop.example.com/*", "*.example.net/api/*"), config.routes());
    assertEquals(Map.of("GREETING", "hi", "COUNT", 3), config.vars());
    assertEquals(Map.of("TOKEN", "t"), config.secrets());
    assertEquals(256, config.limits().heapMb());
    assertEquals(100, config.limits().cpuMs());
    assertEquals(10, config.limits().subrequests());
  }

  @Test
  void readsKvNamespacesAsWranglerWritesThem() throws Exception {
    WorkerConfig config = WorkerConfig.parse("""
        name = "shop"
        main = "index.js"
        kv_namespaces = [{ binding = "SESSIONS", id = "sessions-v2" }]
        """, "meridian.toml");
    assertEquals(List.of(new WorkerConfig.KvBinding("SESSIONS", "sessions-v2")), config.kvNamespaces());
    WorkerConfig tables = WorkerConfig.parse("""
        name = "shop"
        main = "index.js"
        [[kv_namespaces]]
        binding = "MY_KV"
        id = "cache"
        [[kv_namespaces]]
        binding = "$other_kv"
        id = "Other_1"
        """, "meridian.toml");
    assertEquals(List.of(new WorkerConfig.KvBinding("MY_KV", "cache"), new WorkerConfig.KvBinding("$other_kv", "Other_1")),
        tables.kvNamespaces());
    assertEquals(List.of(), WorkerConfig.parse("name = \"a\"\nmain = \"x.js\"\n", "meridian.toml").kvNamespaces());
  }

  @Test
  void eachKvNamespaceMistakeIsNamed() {
    String head = "name = \"a\"\nmain = \"x.js\"\n";
    assertTrue(error(head + "kv_namespaces = \"MY_KV\"\n").contains("kv_namespaces must be an array of tables"));
    assertTrue(error(head + "kv_namespaces = [\"MY_KV\"]\n").contains("kv_namespaces[0] must be a table"));
    assertTrue(error(head + "[[kv_namespaces]]\nid = \"x\"\n").contains("'kv_namespaces[0].binding' is required"));
    assertTrue(error(head + "[[kv_namespaces]]\nbinding = \"KV\"\n").contains("'kv_namespaces[0].id' is required"));
    assertTrue(error(head + "[[kv_namespaces]]\nbinding = \"KV\"\nid = 5\n")
        .contains("'kv_namespaces[0].id' must be a string"));
    assertTrue(error(head + "[[kv_namespaces]]\nbinding = \"KV\"\nid = \"x\"\npreview_id = \"y\"\n")
        .contains("unknown key 'kv_namespaces[0].preview_id'"));
    assertTrue(error(head + "[[kv_namespaces]]\nbinding = \"MY-KV\"\nid = \"x\"\n")
        .contains("kv_namespaces[0].binding 'MY-KV' must be a JavaScript identifier"));
    assertTrue(error(head + "[[kv_namespaces]]\nbinding = \"KV\"\nid = \"a/b\"\n")
        .contains("kv_namespaces[0].id 'a/b' must be 1 to 64 letters"));
    assertTrue(error(head + "[[kv_namespaces]]\nbinding = \"KV\"\nid = \"" + "n".repeat(65) + "\"\n")
        .contains("must be 1 to 64 letters"));
    assertTrue(error(head + "[[kv_namespaces]]\nbinding = \"KV\"\nid = \"a\"\n[[kv_namespaces]]\nbinding = \"KV\"\nid = \"b\"\n")
        .contains("kv_namespaces[1].binding 'KV' is declared twice"));
    assertTrue(error(head + "[vars]\nKV = \"x\"\n[[kv_namespaces]]\nbinding = \"KV\"\nid = \"a\"\n")
        .contains("'KV' is both a KV binding and a var"));
    assertTrue(error(head + "[secrets]\nKV = \"x\"\n[[kv_namespaces]]\nbinding = \"KV\"\nid = \"a\"\n")
        .contains("'KV' is both a KV binding and a secret"));
    assertTrue(error(head + "[vars]\nFAKE = { \"$binding\" = \"kv\", namespace = \"theirs\" }\n")
        .contains("vars.FAKE is a table with a '$binding' key, which is reserved for bindings"));
  }

  private static String error(String toml) {
    return assertThrows(WorkerConfig.ConfigException.class, () -> WorkerConfig.parse(toml, "meridian.toml"))
        .getMessage();
  }

  @Test
  void eachMistakeIsNamed() {
    assertTrue(error("name = \"a\"\nmain = \"x.js\"\nmian = 1\n").contains("unknown key 'mian'"));
    assertTrue(error("main = \"x.js\"\n").contains("'name' is required"));
    assertTrue(error("name = \"a b\"\nmain = \"x.js\"\n").contains("name 'a b'"));
    assertTrue(error("name = \"a\"\nmain = \"x.js\"\n[limits]\ncpu = 5\n").contains("unknown key 'limits.cpu'"));
    assertTrue(error("name = \"a\"\nmain = \"x.js\"\n[limits]\ncpu_ms = 0\n").contains("limits.cpu_ms must be between"));
    assertTrue(error("name = \"a\"\nmain = \"x.js\"\n[limits]\nmemory_mb = \"lots\"\n").contains("limits.memory_mb must be a whole number"));
    assertTrue(error("name = \"a\"\nmain = \"x.js\"\nroutes = [\"not a route\"]\n").contains("bad route"));
    assertTrue(error("name = \"a\"\nmain = \"x.js\"\ncompatibility_date = \"tomorrow\"\n").contains("YYYY-MM-DD"));
    assertTrue(error("name = = \"a\"").contains("not valid TOML"));
  }
}
