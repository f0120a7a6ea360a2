package dev.meridian.control.api;

import dev.meridian.control.http.ApiResponse;
import dev.meridian.control.http.Route;
import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Serves the API's OpenAPI 3.1 description, {@code openapi.json} beside this class. It is written
 * by hand, not generated from the routes, so that {@code OpenApiTest} comparing the two catches a
 * route added without documentation or documentation left behind by a removed route.
 */
public final class OpenApiDocument {

  public static final String PATH = "/openapi.json";

  private OpenApiDocument() {}

  /** The document's bytes. */
  public static byte[] bytes() {
    try (InputStream in = OpenApiDocument.class.getResourceAsStream("openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("openapi.json is missing from the control plane's jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read openapi.json", e);
    }
  }

  static List<Route> routes() {
    byte[] document = bytes();
    return List.of(Route.open(HttpMethod.GET, PATH, request -> new ApiResponse.Body(200, ApiResponse.JSON, document)));
  }
}
