package dev.meridian.control.http;

import dev.meridian.control.auth.AuthenticationException;
import dev.meridian.control.auth.Authenticator;
import dev.meridian.control.auth.Principal;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpUtil;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the route of a request and runs it, in this order: path (404), method (405), token (401),
 * scope (403), body type (415), handler. The order matters for isolation: a token without the scope
 * gets 403 before any object is looked up, and the handler looks objects up within the caller's
 * tenant, so another tenant's object is a 404 exactly like a missing one.
 */
public final class Router {

  private static final Logger LOG = LoggerFactory.getLogger(Router.class);

  private final List<Route> routes;
  private final Authenticator authenticator;

  public Router(List<Route> routes, Authenticator authenticator) {
    this.routes = List.copyOf(routes);
    this.authenticator = authenticator;
    for (int i = 0; i < this.routes.size(); i++) {
      for (int j = i + 1; j < this.routes.size(); j++) {
        Route a = this.routes.get(i);
        Route b = this.routes.get(j);
        if (a.method().equals(b.method()) && a.template().equals(b.template())) {
          throw new IllegalArgumentException("two routes for " + a.method() + " " + a.template());
        }
      }
    }
  }

  public List<Route> routes() {
    return routes;
  }

  /** Runs {@code request}; never throws: every failure becomes an error response. */
  public ApiResponse dispatch(ApiRequest request) {
    try {
      return route(request);
    } catch (ApiException e) {
      return ApiResponse.error(e);
    } catch (Exception | StackOverflowError e) {
      LOG.error("event=handler_failed method={} path={}", request.method(), request.path(), e);
      return ApiResponse.error(new ApiException(500, "internal",
          "the control plane failed to handle " + request.method() + " " + request.path()
              + "; the error is in its log"));
    }
  }

  private ApiResponse route(ApiRequest request) throws Exception {
    List<String> segments = split(request.path());
    TreeSet<String> allowed = new TreeSet<>();
    for (Route route : routes) {
      Map<String, String> params = match(route.segments(), segments);
      if (params == null) {
        continue;
      }
      if (!route.method().equals(request.method())) {
        allowed.add(route.method().name());
        continue;
      }
      Principal principal = null;
      if (route.authenticated()) {
        try {
          principal = authenticator.authenticate(request.headers().get(HttpHeaderNames.AUTHORIZATION));
        } catch (AuthenticationException e) {
          throw ApiException.unauthorized(e.getMessage());
        }
        if (route.scope() != null && !principal.has(route.scope())) {
          throw ApiException.forbidden("this token lacks the scope \"" + route.scope().wire()
              + "\" that " + route.method() + " " + route.template() + " needs; create a token with it");
        }
      }
      checkContentType(route, request);
      return route.handler().handle(request.withAuth(params, principal));
    }
    if (!allowed.isEmpty()) {
      throw new ApiException(405, "method_not_allowed", request.method() + " is not allowed on "
          + request.path() + "; allowed: " + String.join(", ", allowed));
    }
    throw ApiException.notFound("no route for " + request.method() + " " + request.path()
        + "; the API is described at GET /openapi.json");
  }

  private static void checkContentType(Route route, ApiRequest request) {
    String consumes = route.consumes();
    if (consumes == null || consumes.equals("*/*")) {
      return;
    }
    String header = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
    CharSequence mime = header == null ? null : HttpUtil.getMimeType(header);
    if (mime == null || !mime.toString().trim().equalsIgnoreCase(consumes)) {
      throw ApiException.unsupportedMediaType(route.method() + " " + route.template() + " takes a "
          + consumes + " body, not " + (mime == null ? "a body without Content-Type" : mime));
    }
  }

  private static List<String> split(String path) {
    return List.of((path.startsWith("/") ? path.substring(1) : path).split("/", -1));
  }

  /** The decoded parameters when {@code path} matches {@code template}, else {@code null}. */
  private static @Nullable Map<String, String> match(List<String> template, List<String> path) {
    if (template.size() != path.size()) {
      return null;
    }
    Map<String, String> params = new HashMap<>();
    for (int i = 0; i < template.size(); i++) {
      String t = template.get(i);
      String p = path.get(i);
      if (t.startsWith("{") && t.endsWith("}")) {
        if (p.isEmpty()) {
          return null;
        }
        params.put(t.substring(1, t.length() - 1), decode(p));
      } else if (!t.equals(p)) {
        return null;
      }
    }
    return params;
  }

  private static String decode(String segment) {
    try {
      // A path segment: '+' is a plus sign, not a space.
      return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("bad percent-encoding in path segment \"" + segment + "\"");
    }
  }
}
