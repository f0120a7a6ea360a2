package dev.meridian.pop.api.wasm;

import dev.meridian.pop.api.Extension;
import java.util.List;

/**
 * {@code WebAssembly.compileStreaming} and {@code WebAssembly.instantiateStreaming} from a {@code
 * Response} (the WebAssembly Web API). The rest of {@code WebAssembly} is V8's own. Pure JavaScript,
 * installed by a restore hook because V8 adds the namespace only to restored isolates.
 */
public final class WasmExtension implements Extension {

  @Override
  public String name() {
    return "wasm";
  }

  @Override
  public List<String> dependencies() {
    return List.of("webidl", "fetch");
  }

  @Override
  public List<String> scripts() {
    return List.of("01_wasm_streaming.js");
  }
}
