package dev.meridian.pop.api;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A host function that an extension's JavaScript reaches as {@code internals.ops.<name>}.
 *
 * <p>Arguments and results cross the boundary as plain values, so no V8 type leaves the isolate
 * package: {@code null} for null/undefined, {@link String}, {@link Boolean}, {@link Double} or {@link
 * Long} for numbers, {@code byte[]} for an {@code ArrayBuffer} or a typed array (a copy), {@link
 * java.util.List} for arrays and {@link java.util.Map} for plain objects. A result of {@code byte[]}
 * becomes a {@code Uint8Array}. A {@link java.util.concurrent.CompletionStage} becomes a promise that
 * settles on the isolate's own thread.
 *
 * <p>An op reports an error a user caused by throwing {@link HostOpException}, which names the
 * JavaScript error class to raise; any other exception becomes a generic {@code Error} whose message
 * names the op, so a Java exception never reaches JavaScript as itself.
 *
 * @param name the op's name, {@code op_<area>_<verb>}
 * @param function what the op does
 */
public record HostOp(String name, Function function) {

  private static final Pattern NAME = Pattern.compile("op_[a-z0-9]+(_[a-z0-9]+)+");

  public HostOp {
    Objects.requireNonNull(function, "function");
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("host op name must be op_<area>_<verb>, was: " + name);
    }
  }

  /** The Java side of an op. */
  @FunctionalInterface
  public interface Function {
    Object call(Object... args) throws Exception;
  }
}
