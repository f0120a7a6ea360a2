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
