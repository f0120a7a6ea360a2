package dev.meridian.control.http;

import dev.meridian.control.auth.Principal;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One request as a handler sees it: decoded path parameters, query, headers, the whole body, and the
 * principal (set on every route that needs a token).
 */
public record ApiRequest(HttpMethod method, String path, Map<String, String> params,
    Map<String, List<String>> query, HttpHeaders headers, byte[] body, @Nullable Principal principal) {

  public String param(String name) {
    String value = params.get(name);
    if (value == null) {
      throw new IllegalStateException("route has no path parameter {" + name + "}");
    }
    return value;
  }

  public @Nullable String query(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? null : values.getFirst();
  }

  /** The caller; only on authenticated routes. */
  public Principal who() {
    if (principal == null) {
      throw new IllegalStateException("route " + path + " is not authenticated");
    }
    return principal;
  }

  public String tenant() {
    return who().tenant();
  }

  public <T> T json(Class<T> type) {
    return Json.read(body, type);
  }

  ApiRequest withAuth(Map<String, String> params, @Nullable Principal principal) {
    return new ApiRequest(method, path, params, query, headers, body, principal);
  }
}
