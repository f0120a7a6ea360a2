package dev.meridian.pop.wasm;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.runtime.HostFunction;
import dev.meridian.pop.io.WorkerLimits;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * One version of a Wasm worker, loaded: the parsed module, checked against what the host provides,
 * compiled once to JVM bytecode (or interpreted), with its memory limit and its read-only bundle
 * filesystem. Requests instantiate it afresh, so no state leaks from one request to the next.
 * Closing it (when a new version replaces it) closes the bundle filesystem once the requests still
 * running on it have ended; a request that arrives after the close is refused.
 */
public final class WasmWorker implements AutoCloseable {

  /** The one host module a guest may import from: WASI preview 1. */
  static final String WASI_MODULE = "wasi_snapshot_preview1";

  /** The WASI functions Chicory provides, by name; every other import fails the load. */
  private static final Set<String> WASI_FUNCTIONS = wasiFunctions();

  /** How a module serves HTTP. */
  public enum Interface {
    /** A WASI command (exports {@code _start}) run CGI-style: the WAGI convention. */
    WAGI("wagi"),
    /** A reactor that exports {@code handle} and imports {@code meridian_http} (wit/meridian-http.wit). */
    NATIVE("native");

    private final String configName;

    Interface(String configName) {
      this.configName = configName;
    }

    /** The name {@code meridian.toml}'s {@code [wasm] interface} gives it. */
    public String configName() {
      return configName;
    }

    /** The interface named {@code name} in config, or null if there is none by that name. */
    public static @Nullable Interface named(String name) {
      for (Interface candidate : values()) {
        if (candidate.configName.equals(name)) {
          return candidate;
        }
      }
      return null;
    }
  }

  private final String name;
  private final String version;
  private final String mainModule;
  private final Interface kind;
  private final WasmModule module;
  private final Function<Instance, Machine> machine;
  private final boolean compiled;
  private final MemoryLimits memoryLimits;
  private final WorkerLimits limits;
  private final Map<String, String> vars;
  private final BundleFileSystem.Open files;
  /** Requests running on this worker, plus one for the owner until {@link #close}. */
  private final AtomicInteger users = new AtomicInteger(1);
  private final AtomicBoolean closed = new AtomicBoolean();

  private WasmWorker(String name, String version, String mainModule, Interface kind, WasmModule module,
      Function<Instance, Machine> machine, boolean compiled, MemoryLimits memoryLimits, WorkerLimits limits,
      Map<String, String> vars, BundleFileSystem.Open files) {
    this.name = name;
    this.version = version;
    this.mainModule = mainModule;
    this.kind = kind;
    this.module = module;
    this.machine = machine;
    this.compiled = compiled;
    this.memoryLimits = memoryLimits;
    this.limits = limits;
    this.vars = vars;
    this.files = files;
  }

  /**
   * Loads the worker whose main module is {@code files.get(mainModule)}.
   *
   * @param name the deployment's name, for logs and errors
   * @param version identifies this exact code and config
   * @param mainModule the path of the {@code .wasm} command module inside {@code files}
   * @param files the bundle: every file becomes readable by the guest at {@code /path}
   * @param vars extra environment variables (the worker's {@code [vars]}); the request's win
   * @param limits memory ({@code memory_mb}, as Wasm pages) and CPU per request
   * @param kind how the module serves HTTP, or null to tell by its exports ({@code _start}: WAGI,
   *     {@code handle}: native)
   * @param modules where the module is parsed and compiled, or found compiled by its hash
   */
  static WasmWorker load(String name, String version, String mainModule, Map<String, byte[]> files,
      Map<String, String> vars, WorkerLimits limits, @Nullable Interface kind, CompiledModules modules)
      throws WasmLoadException {
    byte[] bytes = files.get(mainModule);
    if (bytes == null) {
      throw new WasmLoadException(mainModule + " is not in the worker's bundle");
    }
    CompiledModules.Compiled ready;
    try {
      ready = modules.get(bytes);
    } catch (ChicoryException | IllegalArgumentException e) {
      throw new WasmLoadException(mainModule + " is not a valid WebAssembly module: " + e.getMessage()
          + "; build it for wasm32-wasi (for C: clang --target=wasm32-wasi)", e);
    }
    WasmModule module = ready.module();
    Interface resolved = kind != null ? kind : exportsFunction(module, "_start") || !exportsFunction(module, "handle")
        ? Interface.WAGI : Interface.NATIVE;
    checkImports(mainModule, module, resolved);
    checkExports(mainModule, module, resolved);
    MemoryLimits memory = memoryLimits(mainModule, module, limits);
    BundleFileSystem.Open fs;
    try {
      fs = BundleFileSystem.of(files);
    } catch (IOException e) {
      throw new WasmLoadException("packing the bundle's files for " + mainModule + " failed: " + e.getMessage(), e);
    }
    return new WasmWorker(name, version, mainModule, resolved, module, ready.machine(), ready.compiled(), memory,
        limits, Map.copyOf(vars), fs);
  }

  private static void checkImports(String file, WasmModule module, Interface kind) throws WasmLoadException {
    for (int i = 0; i < module.importSection().importCount(); i++) {
      Import imported = module.importSection().getImport(i);
      String what = imported.module() + "." + imported.name();
      if (imported.importType() != ExternalType.FUNCTION) {
        throw new WasmLoadException(file + " imports " + imported.importType().name().toLowerCase(java.util.Locale.ROOT)
            + " '" + what + "', which Meridian does not provide: a WASI command module imports only"
            + " functions of " + WASI_MODULE + " and defines its own memory");
      }
      boolean wasi = imported.module().equals(WASI_MODULE) && WASI_FUNCTIONS.contains(imported.name());
      boolean http = kind == Interface.NATIVE && imported.module().equals(NativeHttp.MODULE)
          && NativeHttp.FUNCTIONS.contains(imported.name());
      if (!wasi && !http) {
        throw new WasmLoadException(file + " imports the host function '" + what + "', which does not exist:"
            + " Meridian provides the functions of " + WASI_MODULE + " (WASI preview 1)"
            + (kind == Interface.NATIVE ? " and " + NativeHttp.MODULE + " (wit/meridian-http.wit)" : "")
            + " only; remove the import or link the code that defines it");
      }
      if (http) {
        var type = module.typeSection().getType(((com.dylibso.chicory.wasm.types.FunctionImport) imported).typeIndex());
        var expected = NativeHttp.type(imported.name());
        if (!type.paramsMatch(expected) || !type.returnsMatch(expected)) {
          throw new WasmLoadException(file + " imports '" + what + "' as " + type.params() + " -> " + type.returns()
              + ", but it is " + expected.params() + " -> " + expected.returns() + " (see wit/meridian_http.h)");
        }
      }
    }
  }

  private static boolean exportsFunction(WasmModule module, String name) {
    for (int i = 0; i < module.exportSection().exportCount(); i++) {
      Export export = module.exportSection().getExport(i);
      if (export.name().equals(name) && export.exportType() == ExternalType.FUNCTION) {
        return true;
      }
    }
    return false;
  }

  private static void checkExports(String file, WasmModule module, Interface kind) throws WasmLoadException {
    boolean memory = false;
    for (int i = 0; i < module.exportSection().exportCount(); i++) {
      Export export = module.exportSection().getExport(i);
      memory |= export.name().equals("memory") && export.exportType() == ExternalType.MEMORY;
    }
    if (kind == Interface.NATIVE && !exportsFunction(module, "handle")) {
      throw new WasmLoadException(file + " exports no handle function, which the native interface calls per"
          + " request: mark it with MERIDIAN_HANDLER from wit/meridian_http.h and build with -mexec-model=reactor");
    }
    if (kind == Interface.WAGI && !exportsFunction(module, "_start")) {
      throw new WasmLoadException(file + " exports no _start function, so it is not a WASI command module:"
          + " build a program with a main() for wasm32-wasi (reactor modules are not served)");
    }
    if (!memory) {
      throw new WasmLoadException(file + " exports no memory named 'memory', which WASI needs to pass data");
    }
  }

  private static MemoryLimits memoryLimits(String file, WasmModule module, WorkerLimits limits)
      throws WasmLoadException {
    int limitPages = (int) Math.min(MemoryLimits.MAX_PAGES, limits.heapBytes() / Memory.PAGE_SIZE);
    MemoryLimits declared = module.memorySection()
        .filter(section -> section.memoryCount() > 0)
        .map(section -> section.getMemory(0).limits())
        .orElse(new MemoryLimits(0, 0));
    if (declared.initialPages() > limitPages) {
      throw new WasmLoadException(file + " starts with " + declared.initialPages() + " pages of memory ("
          + declared.initialPages() / 16 + " MiB), more than the limit of " + limits.heapMb()
          + " MiB: raise [limits] memory_mb, or link with a smaller initial memory");
    }
    return new MemoryLimits(declared.initialPages(), Math.min(declared.maximumPages(), limitPages));
  }

  private static Set<String> wasiFunctions() {
    try (WasiPreview1 wasi = WasiPreview1.builder().withOptions(WasiOptions.builder().build()).build()) {
      return Arrays.stream(wasi.toHostFunctions())
          .filter(function -> function.module().equals(WASI_MODULE))
          .map(HostFunction::name)
          .collect(Collectors.toUnmodifiableSet());
    }
  }

  public String name() {
    return name;
  }

  public String version() {
    return version;
  }

  public String mainModule() {
    return mainModule;
  }

  public WorkerLimits limits() {
    return limits;
  }

  /** How the module serves HTTP. */
  public Interface kind() {
    return kind;
  }

  /** Whether requests run bytecode from Chicory's compiler (true) or its interpreter. */
  public boolean compiled() {
    return compiled;
  }

  WasmModule module() {
    return module;
  }

  Function<Instance, Machine> machine() {
    return machine;
  }

  MemoryLimits memoryLimits() {
    return memoryLimits;
  }

  Map<String, String> vars() {
    return vars;
  }

  Path root() {
    return files.fs().getPath("/");
  }

  /** Counts a request in; false if the worker is closed (replaced by a newer version). */
  boolean acquire() {
    while (true) {
      int n = users.get();
      if (n == 0) {
        return false;
      }
      if (users.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  /** Counts a request out; the last one out of a closed worker closes its files. */
  void release() {
    if (users.decrementAndGet() == 0) {
      try {
        files.close();
      } catch (IOException e) {
        // The zip is this worker's own temporary file; failing to remove it leaves a file in the
        // temporary directory and affects nothing else.
      }
    }
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      release();
    }
  }

  @Override
  public String toString() {
    return "WasmWorker[" + name + "@" + version + ", " + mainModule + ", " + kind.configName() + (compiled ? ", compiled" : ", interpreted") + "]";
  }
}
