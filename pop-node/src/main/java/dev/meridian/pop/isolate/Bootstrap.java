package dev.meridian.pop.isolate;

import com.caoccao.javet.exceptions.BaseJavetScriptingException;
import com.caoccao.javet.exceptions.JavetException;
import com.caoccao.javet.interop.V8Host;
import com.caoccao.javet.interop.V8Runtime;
import com.caoccao.javet.interop.options.V8RuntimeOptions;
import dev.meridian.pop.api.Extension;
import dev.meridian.pop.api.HostOp;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs every extension's scripts once in a fresh isolate and keeps the resulting heap as a V8
 * startup snapshot, so that each new isolate starts with the whole web API in place instead of
 * evaluating it again (cold start paid once per process).
 *
 * <p>Each script runs as {@code (function (primordials, internals) {…}).call(undefined, …)} with the
 * wrapper on the script's first line, so that line numbers in stack traces are the file's own. The
 * shared {@code internals} object is left on the global object under {@link #INTERNALS_GLOBAL};
 * {@link Isolate} takes it off before any tenant code runs.
 */
final class Bootstrap {

  static final String INTERNALS_GLOBAL = "__meridian_internals";
  private static final String RESOURCE_ROOT = "/dev/meridian/pop/api/";
  private static final String RUNTIME_SCRIPT = "/dev/meridian/pop/isolate/runtime.js";

  private final byte[] snapshot;
  private final List<HostOp> ops;

  private Bootstrap(byte[] snapshot, List<HostOp> ops) {
    this.snapshot = snapshot;
    this.ops = ops;
  }

  byte[] snapshot() {
    return snapshot;
  }

  /** The host ops of every extension, to attach to each restored isolate. */
  List<HostOp> ops() {
    return ops;
  }

  /**
   * The bootstrap for {@code extensions}: the snapshot comes from {@code cache} when a snapshot of
   * exactly these scripts, this V8 and these flags is there, and is made and stored there otherwise.
   */
  static Bootstrap load(V8Host host, List<Extension> extensions, SnapshotCache cache) {
    List<HostOp> ops = new ArrayList<>();
    Set<String> opNames = new HashSet<>();
    List<String[]> scripts = new ArrayList<>();
    for (Extension extension : extensions) {
      for (String script : extension.scripts()) {
        String path = extension.name() + "/" + script;
        scripts.add(new String[] {"meridian:api/" + path, read(RESOURCE_ROOT + path)});
      }
      for (HostOp op : extension.ops()) {
        if (!opNames.add(op.name())) {
          throw new IllegalStateException("two extensions define the host op " + op.name());
        }
        ops.add(op);
      }
    }
    scripts.add(new String[] {"meridian:runtime.js", read(RUNTIME_SCRIPT)});
    byte[] snapshot = cache.get(scripts, () -> build(host, scripts));
    return new Bootstrap(snapshot, List.copyOf(ops));
  }

  private static byte[] build(V8Host host, List<String[]> scripts) {
    V8RuntimeOptions options = new V8RuntimeOptions();
    options.setCreateSnapshotEnabled(true);
    try (V8Runtime runtime = host.createV8Runtime(options)) {
      runtime.setLogger(JavetLog.INSTANCE);
      runtime.getExecutor(
              "Object.defineProperty(globalThis, '__meridian_boot', {value: {primordials: {}, internals: {ops: {}}},"
                  + " configurable: true});")
          .executeVoid();
      for (String[] script : scripts) {
        run(runtime, script[0], script[1]);
      }
      runtime.getExecutor(
              "Object.defineProperty(globalThis, '" + INTERNALS_GLOBAL + "', {value: __meridian_boot.internals,"
                  + " configurable: true}); delete globalThis.__meridian_boot;")
          .executeVoid();
      return runtime.createSnapshot();
    } catch (JavetException e) {
      throw new IllegalStateException("the web API bootstrap failed: " + describe(e), e);
    }
  }

  private static void run(V8Runtime runtime, String name, String source) throws JavetException {
    String wrapped = "(function (primordials, internals) {" + source
        + "\n}).call(undefined, __meridian_boot.primordials, __meridian_boot.internals);";
    runtime.getExecutor(wrapped).setResourceName(name).executeVoid();
  }

  private static String describe(JavetException e) {
    if (e instanceof BaseJavetScriptingException scripting) {
      var error = scripting.getScriptingError();
      return error.getResourceName() + ":" + error.getLineNumber() + ":" + error.getStartColumn() + ": "
          + error.getDetailedMessage();
    }
    return e.getMessage();
  }

  private static String read(String resource) {
    try (InputStream in = Bootstrap.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing bootstrap script " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
