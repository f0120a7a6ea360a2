package dev.meridian.pop.api.microtask;

import dev.meridian.pop.api.Extension;
import java.util.List;

/** {@code queueMicrotask} (HTML): the callback runs as a promise job; what it throws is reported. Pure JavaScript. */
public final class MicrotaskExtension implements Extension {

  @Override
  public String name() {
    return "microtask";
  }

  @Override
  public List<String> dependencies() {
    return List.of("webidl", "reporterror");
  }

  @Override
  public List<String> scripts() {
    return List.of("01_queue_microtask.js");
  }
}
