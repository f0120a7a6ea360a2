package dev.meridian.pop.io;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP request on its way to a worker and its response on the way back, with neither Netty nor
 * V8 in its types: the HTTP front implements it, the isolate runtime drives it.
 *
 * <p>The response side is either {@link #respond} once, or {@link #startResponse} followed by any
 * number of {@link #write} and one {@link #end} (or {@link #abort}). These may be called from any
 * thread; implementations hop onto their own.
 */
public interface WorkerExchange {

  /** A short id that tags this request's log lines. */
  String requestId();

  String method();

  /** The absolute URL the client asked for, {@code scheme://host/path?query}. */
  String url();

  /** Header names (lower case) and values, alternating: {@code [name, value, name, value, …]}. */
  List<String> headers();

  /** The body, or null when the request has none. */
  @Nullable RequestBody body();

  /** A complete response with its whole body. */
  void respond(int status, List<String> headers, byte[] body);

  /** The head of a response whose body follows in {@link #write} calls. */
  void startResponse(int status, List<String> headers);

  /**
   * Sends one chunk of the body. Returns true if the client can take more now; otherwise {@code
   * whenWritable} runs, once, when it can.
   */
  boolean write(byte[] chunk, Runnable whenWritable);

  void end();

  /** The response cannot be completed: the connection is reset or closed mid-body. */
  void abort(String reason);

  /**
   * Answers the request by accepting it as a WebSocket (101 Switching Protocols, with {@code headers}
   * such as the chosen {@code sec-websocket-protocol}); null if the request is not a WebSocket upgrade
   * this exchange can accept, in which case nothing was sent.
   */
  default @Nullable WebSocketSession acceptWebSocket(List<String> headers) {
    return null;
  }
}
