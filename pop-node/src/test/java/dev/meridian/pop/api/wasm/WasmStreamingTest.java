package dev.meridian.pop.api.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meridian.pop.api.SharedNode;
import dev.meridian.pop.server.TestNode;
import org.junit.jupiter.api.Test;

/** WebAssembly.compileStreaming and instantiateStreaming from Responses, and what they refuse. */
class WasmStreamingTest {

  static final TestNode node = SharedNode.get();

  @Test
  void compilesAndInstantiatesFromAResponseAndRejectsWhatTheSpecRefuses() throws Exception {
    node.deploy("wasm", """
        // (module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))
        const bytes = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 7, 1, 0x60, 2, 0x7f, 0x7f, 1, 0x7f,
          3, 2, 1, 0, 7, 7, 1, 3, 0x61, 0x64, 0x64, 0, 0, 0x0a, 9, 1, 7, 0, 0x20, 0, 0x20, 1, 0x6a, 0x0b]);
        const wasm = (body, init = {}) => new Response(body, { headers: { "content-type": "Application/Wasm; x=y" }, ...init });
        async function failure(promise) {
          try { await promise; return "resolved"; } catch (e) { return e.constructor.name; }
        }
        export default {
          async fetch() {
            const { module, instance } = await WebAssembly.instantiateStreaming(wasm(bytes));
            const compiled = await WebAssembly.compileStreaming(Promise.resolve(wasm(bytes)));
            const used = wasm(bytes);
            await used.arrayBuffer();
            return new Response([
              instance.exports.add(2, 3),
              module instanceof WebAssembly.Module && compiled instanceof WebAssembly.Module,
              WebAssembly.Module.exports(compiled)[0].name,
              await failure(WebAssembly.compileStreaming(new Response(bytes))),
              await failure(WebAssembly.compileStreaming(bytes)),
              await failure(WebAssembly.instantiateStreaming(wasm(bytes, { status: 500 }))),
              await failure(WebAssembly.compileStreaming(used)),
              await failure(WebAssembly.compileStreaming(wasm(new Uint8Array([0, 0x61, 0x73, 0x6d, 2])))),
            ].join(" "));
          },
        };
        """);
    assertEquals("5 true add TypeError TypeError TypeError TypeError CompileError", node.get("/wasm/").body());
  }

  @Test
  void compileAndInstantiateFromBytesSettle() throws Exception {
    node.deploy("wasmbytes", """
        const bytes = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 7, 1, 0x60, 2, 0x7f, 0x7f, 1, 0x7f,
          3, 2, 1, 0, 7, 7, 1, 3, 0x61, 0x64, 0x64, 0, 0, 0x0a, 9, 1, 7, 0, 0x20, 0, 0x20, 1, 0x6a, 0x0b]);
        export default {
          async fetch() {
            const module = await WebAssembly.compile(bytes);
            const { instance } = await WebAssembly.instantiate(bytes);
            const again = await WebAssembly.instantiate(module);
            let bad = "resolved";
            try { await WebAssembly.compile(new Uint8Array([1, 2, 3])); } catch (e) { bad = e.constructor.name; }
            return new Response(instance.exports.add(20, 22) + " " + again.exports.add(1, 1) + " " + bad);
          },
        };
        """);
    assertEquals("42 2 CompileError", node.get("/wasmbytes/").body());
  }
}
