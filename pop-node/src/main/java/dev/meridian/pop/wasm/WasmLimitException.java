package dev.meridian.pop.wasm;

/**
 * A request's module went past one of the deployment's limits; thrown on the request's thread to
 * unwind the guest, and turned into the response that names the limit.
 */
final class WasmLimitException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Which limit, with the status its response gets. */
  enum Limit {
    CPU(503),
    MEMORY(503),
    OUTPUT(502),
    STACK(500);

    final int status;

    Limit(int status) {
      this.status = status;
    }
  }

  final Limit limit;

  WasmLimitException(Limit limit, String message) {
    super(message, null, false, false);
    this.limit = limit;
  }
}
