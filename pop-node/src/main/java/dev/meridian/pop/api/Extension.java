package dev.meridian.pop.api;

import java.util.List;

/**
 * One web API area as the isolate runtime loads it, the way an {@code extension!} block declares a
 * Deno {@code ext/} crate: its dependencies, its JavaScript files in load order and its host ops.
 *
 * <p>The scripts of every extension run once, at bootstrap, before any tenant code, and end up in
 * the V8 startup snapshot. Each file is evaluated as the body of
 * {@code (function (primordials, internals) { ... })}: {@code primordials} holds the built-ins
 * captured before user code could patch them, {@code internals} is shared by all extensions and never
 * visible to tenants. Host ops are attached to {@code internals.ops} after the snapshot is restored,
 * so scripts look them up when they are called, never while they load. The contract is written out
 * in {@code api/README.md} beside the scripts.
 */
public interface Extension {

  /** The folder name under {@code api/}, also how other extensions name this one as a dependency. */
  String name();

  /** Extensions whose scripts must have run before this one's. */
  default List<String> dependencies() {
    return List.of();
  }

  /**
   * Classpath resources, relative to {@code dev/meridian/pop/api/<name>/}, in load order (the files
   * are numbered so that the order is visible in a listing too).
   */
  List<String> scripts();

  /** The host functions this extension gives its scripts, named {@code op_<area>_<verb>}. */
  default List<HostOp> ops() {
    return List.of();
  }
}
