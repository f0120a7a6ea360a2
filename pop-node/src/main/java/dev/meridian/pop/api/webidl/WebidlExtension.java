package dev.meridian.pop.api.webidl;

import dev.meridian.pop.api.Extension;
import java.util.List;

/**
 * The Web IDL layer every other API stands on: the captured built-ins ({@code primordials}) and
 * the conversions, interface set-up and global exposure of {@code internals.webidl}. Loaded first
 * of all.
 */
public final class WebidlExtension implements Extension {

  public WebidlExtension() {}

  @Override
  public String name() {
    return "webidl";
  }

  @Override
  public List<String> scripts() {
    return List.of("00_primordials.js", "01_webidl.js");
  }
}
