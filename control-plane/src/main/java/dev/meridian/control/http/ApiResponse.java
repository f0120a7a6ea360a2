package dev.meridian.control.http;

import java.util.function.Consumer;

/** What a handler answers: a whole body, or a stream of chunks that runs until the client leaves. */
public sealed interface ApiResponse {

  /** A complete response. */
  record Body(int status, String contentType, byte[] bytes) implements ApiResponse {}

  /**
   * A chunked response: {@link Streamer#start} is called once the head is sent, with a sink that
   * writes one chunk per call; what it returns is closed when the connection closes.
   */
  record Stream(String contentType, Streamer streamer) implements ApiResponse {}

  @FunctionalInterface
  interface Streamer {
    AutoCloseable start(Consumer<byte[]> sink) throws Exception;
  }

  String JSON = "application/json";

  static ApiResponse json(int status, Object value) {
    return new Body(status, JSON, Json.write(value));
  }

  static ApiResponse ok(Object value) {
    return json(200, value);
  }

  static ApiResponse created(Object value) {
    return json(201, value);
  }

  static ApiResponse noContent() {
    return new Body(204, JSON, new byte[0]);
  }

  static ApiResponse error(ApiException e) {
    return new Body(e.status(), JSON, Json.error(e.code(), e.getMessage()));
  }
}
