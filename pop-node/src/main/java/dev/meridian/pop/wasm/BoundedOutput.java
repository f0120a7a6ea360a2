package dev.meridian.pop.wasm;

import java.io.ByteArrayOutputStream;

/**
 * The guest's stdout, kept whole until the module exits (a CGI response is parsed from all of it);
 * past {@code limit} bytes the write unwinds the guest with an {@link WasmLimitException.Limit#OUTPUT}.
 */
final class BoundedOutput extends ByteArrayOutputStream {

  private final int limit;

  BoundedOutput(int limit) {
    this.limit = limit;
  }

  @Override
  public synchronized void write(int b) {
    check(1);
    super.write(b);
  }

  @Override
  public synchronized void write(byte[] bytes, int offset, int length) {
    check(length);
    super.write(bytes, offset, length);
  }

  private void check(int more) {
    if ((long) count + more > limit) {
      throw new WasmLimitException(WasmLimitException.Limit.OUTPUT,
          "the module wrote more than " + limit + " bytes to stdout, the limit of a CGI response");
    }
  }

  byte[] bytes() {
    return toByteArray();
  }
}
