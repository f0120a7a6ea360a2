package dev.meridian.pop.wasm;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Function;

/**
 * Parsed and compiled modules by the SHA-256 of their bytes, so that a new version of a worker
 * whose {@code .wasm} did not change (a config edit, another file of the bundle) reuses the JVM
 * bytecode Chicory made for it. Bounded to {@code maximum} modules, least recently used out first.
 * A module the compiler cannot translate runs on the interpreter.
 */
final class CompiledModules {

  /** One module ready to instantiate: Chicory's compiled factory belongs to this very parse. */
  record Compiled(WasmModule module, Function<Instance, Machine> machine, boolean compiled) {}

  private final boolean compile;
  private final Cache<String, Compiled> cache;

  CompiledModules(boolean compile, int maximum) {
    this.compile = compile;
    this.cache = Caffeine.newBuilder().maximumSize(maximum).build();
  }

  /** The module of {@code bytes}, parsed and compiled once; throws Chicory's exception if invalid. */
  Compiled get(byte[] bytes) {
    return cache.get(sha256(bytes), hash -> compile(Parser.parse(bytes)));
  }

  private Compiled compile(WasmModule module) {
    if (compile) {
      try {
        return new Compiled(module, MachineFactoryCompiler.compile(module), true);
      } catch (ChicoryException | IllegalArgumentException | UnsupportedOperationException e) {
        // The compiler leaves out what it cannot translate; the interpreter runs every valid module.
      }
    }
    return new Compiled(module, InterpreterMachine::new, false);
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
