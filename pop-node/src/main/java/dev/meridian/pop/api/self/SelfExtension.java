package dev.meridian.pop.api.self;

import dev.meridian.pop.api.Extension;
import java.util.List;

/** The {@code self} global of a worker, the global object itself. Pure JavaScript. */
public final class SelfExtension implements Extension {

  @Override
  public String name() {
    return "self";
  }

  @Override
  public List<String> dependencies() {
    return List.of("webidl");
  }

  @Override
  public List<String> scripts() {
    return List.of("01_self.js");
  }
}
