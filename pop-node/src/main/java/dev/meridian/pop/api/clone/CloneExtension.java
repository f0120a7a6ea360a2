package dev.meridian.pop.api.clone;

import dev.meridian.pop.api.Extension;
import java.util.List;

/**
 * {@code structuredClone(value, { transfer })} (HTML's structured serialization, with the transfer
 * of ArrayBuffers) and {@code internals.structuredClone}. Pure JavaScript.
 *
 * <p>It depends on every folder that exposes an interface, so that it loads after them: the
 * instances of those interfaces are platform objects, which it refuses to clone unless they are
 * serializable (DOMException, Blob, File). A new folder that exposes interfaces joins the list.
 */
public final class CloneExtension implements Extension {

  @Override
  public String name() {
    return "clone";
  }

  @Override
  public List<String> dependencies() {
    return List.of("webidl", "dom", "encoding", "url", "streams", "file", "fetch", "crypto", "navigator",
        "performance", "compression", "subtle", "websocket");
  }

  @Override
  public List<String> scripts() {
    return List.of("01_structured_clone.js");
  }
}
