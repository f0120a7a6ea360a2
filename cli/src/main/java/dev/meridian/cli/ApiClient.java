package dev.meridian.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The control plane's web API as the tenant commands use it: JSON in and out, the token on every
 * request, and an error the user can act on when the answer is not a success.
 */
final class ApiClient {

  static final ObjectMapper JSON = new ObjectMapper();

  private final Credentials credentials;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  ApiClient(Credentials credentials) {
    this.credentials = credentials;
  }

  /** A failed call: the control plane's message, or why it could not be reached. */
  static final class ApiException extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;

    ApiException(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  JsonNode get(String path) throws IOException, InterruptedException, ApiException {
    return send(request(path).GET());
  }

  JsonNode delete(String path) throws IOException, InterruptedException, ApiException {
    return send(request(path).DELETE());
  }

  JsonNode put(String path, Object body) throws IOException, InterruptedException, ApiException {
    return send(request(path).header("content-type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))));
  }

  JsonNode post(String path, Object body) throws IOException, InterruptedException, ApiException {
    return send(request(path).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))));
  }

  JsonNode postBytes(String path, String contentType, byte[] body)
      throws IOException, InterruptedException, ApiException {
    return send(request(path).header("content-type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  JsonNode putBytes(String path, String contentType, byte[] body)
      throws IOException, InterruptedException, ApiException {
    return send(request(path).header("content-type", contentType).PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  /** The raw body of a successful GET, or null when the control plane answers 404. */
  byte @Nullable [] getBytes(String path) throws IOException, InterruptedException, ApiException {
    HttpResponse<byte[]> response = call(request(path).GET(), HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() == 404) {
      return null;
    }
    check(response.statusCode(), response.body());
    return response.body();
  }

  /** A streamed GET (tail): the open body, which the caller reads until the end and closes. */
  InputStream stream(String path) throws IOException, InterruptedException, ApiException {
    HttpResponse<InputStream> response = call(request(path).GET(), HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() / 100 != 2) {
      try (InputStream body = response.body()) {
        check(response.statusCode(), body.readAllBytes());
      }
    }
    return response.body();
  }

  static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(credentials.api() + path))
        .header("authorization", "Bearer " + credentials.token())
        .header("accept", "application/json");
  }

  private JsonNode send(HttpRequest.Builder request) throws IOException, InterruptedException, ApiException {
    HttpResponse<byte[]> response = call(request, HttpResponse.BodyHandlers.ofByteArray());
    check(response.statusCode(), response.body());
    byte[] body = response.body();
    return body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
  }

  private <T> HttpResponse<T> call(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException, ApiException {
    try {
      return http.send(request.build(), handler);
    } catch (ConnectException e) {
      throw new ApiException(0, "cannot reach the control plane at " + credentials.api()
          + ": is `meridian server` running? (set MERIDIAN_API or `meridian login --api URL` for another address)");
    }
  }

  private static void check(int status, byte[] body) throws ApiException {
    if (status / 100 == 2) {
      return;
    }
    String message;
    try {
      JsonNode error = JSON.readTree(body).path("error");
      message = error.path("message").asText(new String(body, StandardCharsets.UTF_8));
    } catch (IOException e) {
      message = new String(body, StandardCharsets.UTF_8);
    }
    String hint = status == 401 ? " (`meridian login --token TOKEN`, or set MERIDIAN_TOKEN)" : "";
    throw new ApiException(status, "the control plane answered " + status + ": " + message + hint);
  }
}
