package dev.meridian.pop.wasm;

/**
 * A module that cannot be served: not valid WebAssembly, importing something the host does not
 * provide, asking for more memory than the deployment's limit, or not a WASI command. Raised when
 * the worker loads, never at request time; the message says what is wrong and what to do.
 */
public final class WasmLoadException extends Exception {
  private static final long serialVersionUID = 1L;

  public WasmLoadException(String message) {
    super(message, null, false, false);
  }

  public WasmLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
