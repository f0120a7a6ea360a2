package dev.meridian.pop.api;

import org.jspecify.annotations.Nullable;

/** Holds the context of the isolate running on each thread; set by the isolate runtime. */
public final class OpContexts {

  static final ThreadLocal<@Nullable OpContext> CURRENT = new ThreadLocal<>();

  private OpContexts() {}

  /** Makes {@code context} current on this thread and returns the one it replaces. */
  public static @Nullable OpContext enter(@Nullable OpContext context) {
    OpContext previous = CURRENT.get();
    CURRENT.set(context);
    return previous;
  }
}
