package dev.meridian.pop.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meridian.pop.io.WorkerLimits;
import dev.meridian.pop.isolate.WorkerDefinition;
import dev.meridian.pop.server.TestNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A JavaScript worker that imports a {@code .wasm} module of its own bundle, the Workers convention. */
class JsImportsWasmTest {

  @TempDir Path directory;

  @Test
  void importedModuleIsAWebAssemblyModuleThatV8Instantiates() throws Exception {
    byte[] add = new Guests(directory).wat("add");
    String index = """
        import add from "./lib/add.wasm";
        export default {
          fetch(request) {
            const url = new URL(request.url);
            const instance = new WebAssembly.Instance(add);
            const sum = instance.exports.add(Number(url.searchParams.get("a")), Number(url.searchParams.get("b")));
            const kind = add instanceof WebAssembly.Module ? "Module" : typeof add;
            const exports = WebAssembly.Module.exports(add).map(e => e.name + ":" + e.kind).join(",");
            return new Response(kind + " " + exports + " " + sum);
          }
        };
        """;
    Map<String, byte[]> files = Map.of("index.js", index.getBytes(StandardCharsets.UTF_8), "lib/add.wasm", add);
    try (TestNode node = TestNode.start()) {
      node.deploy(new WorkerDefinition("adder", "v1", "index.js", files::get, Map.of(), WorkerLimits.DEFAULTS, null));
      HttpResponse<String> response = node.get("/adder?a=40&b=2");
      assertEquals(200, response.statusCode(), response.body());
      assertEquals("Module add:function 42", response.body());
    }
  }
}
