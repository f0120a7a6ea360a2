package dev.meridian.pop.api;

import dev.meridian.pop.api.base64.Base64Extension;
import dev.meridian.pop.api.clone.CloneExtension;
import dev.meridian.pop.api.compression.CompressionExtension;
import dev.meridian.pop.api.console.ConsoleExtension;
import dev.meridian.pop.api.crypto.CryptoExtension;
import dev.meridian.pop.api.dom.DomExtension;
import dev.meridian.pop.api.encoding.EncodingExtension;
import dev.meridian.pop.api.fetch.FetchExtension;
import dev.meridian.pop.api.file.FileExtension;
import dev.meridian.pop.api.kv.KvExtension;
import dev.meridian.pop.api.microtask.MicrotaskExtension;
import dev.meridian.pop.api.navigator.NavigatorExtension;
import dev.meridian.pop.api.performance.PerformanceExtension;
import dev.meridian.pop.api.reporterror.ReportErrorExtension;
import dev.meridian.pop.api.self.SelfExtension;
import dev.meridian.pop.api.streams.StreamsExtension;
import dev.meridian.pop.api.subrequest.SubrequestExtension;
import dev.meridian.pop.api.subtle.SubtleExtension;
import dev.meridian.pop.api.timers.TimersExtension;
import dev.meridian.pop.api.url.UrlExtension;
import dev.meridian.pop.api.wasm.WasmExtension;
import dev.meridian.pop.api.webidl.WebidlExtension;
import dev.meridian.pop.api.websocket.WebSocketExtension;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one list of extensions that make up the global scope of a worker, and the order they load in
 * (dependencies first, otherwise as listed).
 */
public final class WebPlatform {

  private WebPlatform() {}

  /** Every extension, in dependency order. */
  public static List<Extension> extensions() {
    return ordered(List.of(
        new WebidlExtension(),
        new DomExtension(),
        new EncodingExtension(),
        new UrlExtension(),
        new StreamsExtension(),
        new FileExtension(),
        new FetchExtension(),
        new SubrequestExtension(),
        new ConsoleExtension(),
        new TimersExtension(),
        new CryptoExtension(),
        new Base64Extension(),
        new ReportErrorExtension(),
        new MicrotaskExtension(),
        new NavigatorExtension(),
        new PerformanceExtension(),
        new SelfExtension(),
        new CompressionExtension(),
        new SubtleExtension(),
        new WasmExtension(),
        new WebSocketExtension(),
        new CloneExtension(),
        new KvExtension()));
  }

  /** Sorts {@code extensions} so that each comes after its dependencies; fails on a missing one or a cycle. */
  static List<Extension> ordered(List<Extension> extensions) {
    Map<String, Extension> byName = new LinkedHashMap<>();
    for (Extension extension : extensions) {
      if (byName.put(extension.name(), extension) != null) {
        throw new IllegalStateException("two extensions are named " + extension.name());
      }
    }
    List<Extension> order = new ArrayList<>();
    Map<String, Boolean> state = new HashMap<>(); // false: visiting, true: done
    for (Extension extension : extensions) {
      visit(extension, byName, state, order);
    }
    return List.copyOf(order);
  }

  private static void visit(
      Extension extension, Map<String, Extension> byName, Map<String, Boolean> state, List<Extension> order) {
    Boolean seen = state.get(extension.name());
    if (Boolean.TRUE.equals(seen)) {
      return;
    }
    if (Boolean.FALSE.equals(seen)) {
      throw new IllegalStateException("extension dependency cycle through " + extension.name());
    }
    state.put(extension.name(), false);
    for (String dependency : extension.dependencies()) {
      Extension required = byName.get(dependency);
      if (required == null) {
        throw new IllegalStateException(
            "extension " + extension.name() + " depends on " + dependency + ", which is not registered");
      }
      visit(required, byName, state, order);
    }
    state.put(extension.name(), true);
    order.add(extension);
  }
}
