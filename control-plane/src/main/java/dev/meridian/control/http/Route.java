package dev.meridian.control.http;

import dev.meridian.control.auth.Scope;
import io.netty.handler.codec.http.HttpMethod;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One operation of the API: a method, a path template whose {@code {name}} segments match one path
 * segment each, who may call it, the body type it takes, and its handler.
 *
 * @param authenticated whether a token is needed at all ({@code false} only for the OpenAPI document)
 * @param scope the scope the token needs, or {@code null} when any valid token will do
 * @param consumes the body media type the handler reads, or {@code null} when it reads no body;
 *     {@code "*}{@code /*"} takes any
 */
public record Route(HttpMethod method, String template, boolean authenticated, @Nullable Scope scope,
    @Nullable String consumes, Handler handler) {

  /** Runs one request; throws {@link ApiException} for anything the client can act on. */
  @FunctionalInterface
  public interface Handler {
    ApiResponse handle(ApiRequest request) throws Exception;
  }

  public Route {
    if (!template.startsWith("/")) {
      throw new IllegalArgumentException("a route template starts with '/': " + template);
    }
  }

  public static Route open(HttpMethod method, String template, Handler handler) {
    return new Route(method, template, false, null, null, handler);
  }

  /** A route for any valid token ({@code scope == null}) or for tokens with {@code scope}. */
  public static Route auth(HttpMethod method, String template, @Nullable Scope scope, Handler handler) {
    return new Route(method, template, true, scope, null, handler);
  }

  public Route consuming(String mediaType) {
    return new Route(method, template, authenticated, scope, mediaType, handler);
  }

  List<String> segments() {
    return List.of(template.substring(1).split("/", -1));
  }
}
