package dev.meridian.pop.api.base64;

import dev.meridian.pop.api.Extension;
import java.util.List;

/**
 * {@code atob} and {@code btoa} (HTML's Base64 utility methods), and {@code internals.base64} for the
 * folders that need base64 or base64url of bytes (JWK in {@code subtle/}). Pure JavaScript.
 */
public final class Base64Extension implements Extension {

  @Override
  public String name() {
    return "base64";
  }

  @Override
  public List<String> dependencies() {
    return List.of("webidl", "dom");
  }

  @Override
  public List<String> scripts() {
    return List.of("01_base64.js");
  }
}
