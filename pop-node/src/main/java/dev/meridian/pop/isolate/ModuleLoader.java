package dev.meridian.pop.isolate;

import com.caoccao.javet.exceptions.BaseJavetScriptingException;
import com.caoccao.javet.exceptions.JavetException;
import com.caoccao.javet.exceptions.JavetScriptingError;
import com.caoccao.javet.interop.V8Runtime;
import com.caoccao.javet.interop.callback.IV8ModuleResolver;
import com.caoccao.javet.values.V8Value;
import com.caoccao.javet.values.reference.IV8Module;
import com.caoccao.javet.values.reference.V8Module;
import com.caoccao.javet.values.reference.V8ValueFunction;
import com.caoccao.javet.values.reference.V8ValueObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Loads a worker's ES modules from its bundle into one isolate, with the module rules that Workers
 * and wrangler use: {@code .js}/{@code .mjs} are ES modules; {@code .wasm} gives a default export that
 * is a {@code WebAssembly.Module}; {@code .json} its parsed value; {@code .txt}, {@code .html} and
 * other text a string; {@code .bin} an {@code ArrayBuffer}.
 *
 * <p>Specifiers are relative ({@code ./lib.js}, {@code ../util/x.js}) and resolve against the importing
 * module's path inside the bundle; a specifier that leaves the bundle, a bare one ({@code lodash}) or a
 * URL is refused with an error that names it. Compiled JavaScript keeps V8's code cache in {@link
 * CodeCache}, so the second isolate of a deployment compiles from cache.
 */
final class ModuleLoader implements IV8ModuleResolver {

  private final WorkerDefinition worker;
  private final CodeCache codeCache;
  private final V8ValueObject runtimeApi;
  private final Map<String, IV8Module> loaded = new HashMap<>();
  private @Nullable WorkerLoadException failure;

  ModuleLoader(WorkerDefinition worker, CodeCache codeCache, V8ValueObject runtimeApi) {
    this.worker = worker;
    this.codeCache = codeCache;
    this.runtimeApi = runtimeApi;
  }

  /** Compiles, links and evaluates the main module; returns its namespace object. */
  V8ValueObject loadMain(V8Runtime runtime) throws WorkerLoadException, JavetException {
    runtime.setV8ModuleResolver(this);
    String main = normalize(worker.mainModule());
    if (main == null) {
      throw new WorkerLoadException(worker.mainModule(), 0, 0, "the main module path leaves the bundle");
    }
    V8Module module = (V8Module) compile(runtime, main, null);
    try {
      if (!module.instantiate()) {
        throw failure != null ? failure : new WorkerLoadException(main, 0, 0, "the module graph could not be linked");
      }
    } catch (BaseJavetScriptingException e) {
      throw failure != null ? failure : fromScriptingError(e.getScriptingError(), main);
    }
    try (V8Value ignored = module.evaluate(true)) {
      if (module.getStatus() == V8Module.Errored) {
        throw thrownAtLoad(module, main);
      }
    } catch (BaseJavetScriptingException e) {
      if (failure != null) {
        throw failure;
      }
      throw fromScriptingError(e.getScriptingError(), main);
    }
    V8ValueObject namespace = (V8ValueObject) module.getNamespace();
    // The graph is linked and evaluated: V8 keeps the modules alive through the namespace, so the
    // handles kept for resolving can go (closing one also drops it from Javet's module map).
    for (IV8Module each : java.util.List.copyOf(loaded.values())) {
      if (!each.isClosed()) {
        each.close();
      }
    }
    loaded.clear();
    return namespace;
  }

  @Override
  public @Nullable IV8Module resolve(V8Runtime runtime, String specifier, IV8Module referrer) throws JavetException {
    String from = referrer.getResourceName();
    String path = resolvePath(from, specifier);
    if (path == null) {
      fail(new WorkerLoadException(from, 0, 0, "cannot import '" + specifier
          + "': only relative imports inside the bundle ('./x.js', '../lib/y.js') are supported"));
      return null;
    }
    try {
      return compile(runtime, path, from);
    } catch (WorkerLoadException e) {
      fail(e);
      return null;
    }
  }

  private void fail(WorkerLoadException e) {
    if (failure == null) {
      failure = e;
    }
  }

  private IV8Module compile(V8Runtime runtime, String path, @Nullable String importedFrom)
      throws WorkerLoadException, JavetException {
    IV8Module existing = loaded.get(path);
    if (existing != null) {
      return existing;
    }
    byte[] bytes = worker.modules().read(path);
    if (bytes == null) {
      throw new WorkerLoadException(importedFrom == null ? path : importedFrom, 0, 0,
          "module not found: '" + path + "' is not in the bundle");
    }
    IV8Module module;
    String extension = path.substring(path.lastIndexOf('.') + 1);
    switch (extension) {
      case "js", "mjs" -> module = compileScript(runtime, path, bytes);
      case "wasm" -> module = synthetic(runtime, path, "wasmModule", Values.uint8Array(runtime, bytes));
      case "json" -> module = synthetic(runtime, path, "jsonModule", runtime.createV8ValueString(utf8(bytes)));
      case "bin" -> module = synthetic(runtime, path, "binaryModule", Values.uint8Array(runtime, bytes));
      default -> module = synthetic(runtime, path, "textModule", runtime.createV8ValueString(utf8(bytes)));
    }
    loaded.put(path, module);
    return module;
  }

  private IV8Module compileScript(V8Runtime runtime, String path, byte[] bytes)
      throws WorkerLoadException, JavetException {
    String source = utf8(bytes);
    byte[] cached = codeCache.get(source);
    try {
      V8Module module = (cached == null ? runtime.getExecutor(source) : runtime.getExecutor(source, cached))
          .setResourceName(path)
          .setModule(true)
          .compileV8Module();
      if (cached == null) {
        codeCache.put(source, module.getCachedData());
      }
      return module;
    } catch (BaseJavetScriptingException e) {
      throw fromScriptingError(e.getScriptingError(), path);
    }
  }

  /** A module whose default export the runtime script builds from one value (wasm, JSON, text, bytes). */
  private IV8Module synthetic(V8Runtime runtime, String path, String builder, V8Value input)
      throws WorkerLoadException, JavetException {
    try (input; V8ValueFunction build = runtimeApi.get(builder); V8ValueObject exports = build.call(null, input)) {
      return runtime.createV8Module(path, exports);
    } catch (BaseJavetScriptingException e) {
      throw new WorkerLoadException(path, 0, 0, e.getScriptingError().getDetailedMessage());
    }
  }

  private static WorkerLoadException thrownAtLoad(V8Module module, String main) throws JavetException {
    try (V8Value error = module.getException()) {
      String text = error == null ? "unknown error" : error.toString();
      if (error instanceof V8ValueObject object) {
        String stack = object.getString("stack");
        if (stack != null) {
          text = stack;
        }
      }
      return new WorkerLoadException(main, 0, 0, "the module threw while loading: " + text);
    }
  }

  private static WorkerLoadException fromScriptingError(JavetScriptingError error, String fallbackFile) {
    String file = error.getResourceName() == null || error.getResourceName().isEmpty()
        ? fallbackFile : error.getResourceName();
    return new WorkerLoadException(file, error.getLineNumber(), error.getStartColumn() + 1, error.getDetailedMessage());
  }

  private static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** The bundle path {@code specifier} names when imported from {@code from}, or null if it leaves the bundle. */
  static @Nullable String resolvePath(String from, String specifier) {
    if (!specifier.startsWith("./") && !specifier.startsWith("../")) {
      return null;
    }
    int slash = from.lastIndexOf('/');
    String base = slash < 0 ? "" : from.substring(0, slash + 1);
    return normalize(base + specifier);
  }

  /** Collapses {@code .} and {@code ..} segments; null if the path climbs out of the root. */
  static @Nullable String normalize(String path) {
    Deque<String> parts = new ArrayDeque<>();
    for (String part : path.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (parts.isEmpty()) {
          return null;
        }
        parts.removeLast();
      } else {
        parts.addLast(part);
      }
    }
    return parts.isEmpty() ? null : String.join("/", parts);
  }
}
