package dev.meridian.pop.wasm;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.wasi.WasiPreview1;
import java.nio.file.ReadOnlyFileSystemException;

/**
 * A request's WASI preview 1 functions, made safe for the read-only bundle filesystem: Chicory's
 * WASI lets the JDK's {@link ReadOnlyFileSystemException} out of a write (an {@code fopen(..., "w")}),
 * which would end the request with a host error; here it becomes the {@code EROFS} errno the guest
 * expects from a read-only mount, and the guest carries on.
 */
final class WasiImports {

  /** {@code errno::rofs}, "read-only file system", in WASI preview 1's numbering. */
  static final int ERRNO_ROFS = 69;

  private WasiImports() {}

  /** WASI's functions, made safe, and {@code more} (a native guest's HTTP functions). */
  static ImportValues of(WasiPreview1 wasi, java.util.List<HostFunction> more) {
    HostFunction[] functions = wasi.toHostFunctions();
    HostFunction[] safe = new HostFunction[functions.length];
    for (int i = 0; i < functions.length; i++) {
      HostFunction function = functions[i];
      boolean returnsErrno = function.returnTypes().size() == 1;
      safe[i] = new HostFunction(function.module(), function.name(), function.functionType(), (instance, args) -> {
        try {
          return function.handle().apply(instance, args);
        } catch (ReadOnlyFileSystemException e) {
          if (!returnsErrno) {
            throw e;
          }
          return new long[] {ERRNO_ROFS};
        }
      });
    }
    return ImportValues.builder().addFunction(safe).addFunction(more.toArray(HostFunction[]::new)).build();
  }
}
