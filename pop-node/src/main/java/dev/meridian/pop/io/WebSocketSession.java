package dev.meridian.pop.io;

/**
 * The host's end of a WebSocket a worker accepted: frames from the client are pulled one at a time
 * (so a slow worker pushes back on the client), frames to it are sent in order.
 */
public interface WebSocketSession {

  /** Asks for the next message or the close; exactly one receiver method is called, once, on any thread. */
  void next(Receiver receiver);

  void sendText(String text);

  void sendBinary(byte[] bytes);

  /** Starts the closing handshake with {@code code} and {@code reason}. */
  void close(int code, String reason);

  /** Where a pulled message goes. */
  interface Receiver {
    void onText(String text);

    void onBinary(byte[] bytes);

    /** The connection closed, with the code and reason the client gave (1005 and "" when none, 1006 when it dropped). */
    void onClose(int code, String reason);
  }
}
