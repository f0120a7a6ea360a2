package dev.meridian.pop.api.fetch;

import dev.meridian.pop.api.Extension;
import java.util.List;

/**
 * The pure parts of the Fetch standard: {@code Headers}, {@code Request}, {@code Response}, the
 * Body mixin, {@code FormData} with multipart/form-data, and MIME type parsing. The host's
 * {@code fetch()} and the request/response bridge of the runtime use {@code internals.fetch}.
 */
public final class FetchExtension implements Extension {

  public FetchExtension() {}

  @Override
  public String name() {
    return "fetch";
  }

  @Override
  public List<String> dependencies() {
    return List.of("webidl", "dom", "streams", "encoding", "url", "file");
  }

  @Override
  public List<String> scripts() {
    return List.of(
        "00_mimesniff.js",
        "01_headers.js",
        "02_formdata.js",
        "03_body.js",
        "04_request.js",
        "05_response.js",
        "06_fetch_hooks.js");
  }
}
