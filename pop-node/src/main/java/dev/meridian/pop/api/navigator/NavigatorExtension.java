package dev.meridian.pop.api.navigator;

import dev.meridian.pop.api.Extension;
import java.util.List;

/** The {@code navigator} global with {@code userAgent} ({@code Meridian/0.1}). Pure JavaScript. */
public final class NavigatorExtension implements Extension {

  @Override
  public String name() {
    return "navigator";
  }

  @Override
  public List<String> dependencies() {
    return List.of("webidl");
  }

  @Override
  public List<String> scripts() {
    return List.of("01_navigator.js");
  }
}
