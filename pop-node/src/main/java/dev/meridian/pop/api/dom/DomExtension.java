package dev.meridian.pop.api.dom;

import dev.meridian.pop.api.Extension;
import java.util.List;

/**
 * The DOM standard's pieces a worker has: {@code DOMException}, {@code Event}, {@code
 * CustomEvent}, {@code EventTarget}, {@code AbortController} and {@code AbortSignal}.
 */
public final class DomExtension implements Extension {

  public DomExtension() {}

  @Override
  public String name() {
    return "dom";
  }

  @Override
  public List<String> dependencies() {
    return List.of("webidl");
  }

  @Override
  public List<String> scripts() {
    return List.of("00_domexception.js", "01_event.js", "02_abort_signal.js");
  }
}
