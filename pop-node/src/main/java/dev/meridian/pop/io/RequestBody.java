package dev.meridian.pop.io;

/**
 * A request body that arrives in chunks, read on demand: nothing is read from the client until the
 * worker asks, so a body of any size passes through in bounded memory.
 */
public interface RequestBody {

  /**
   * Asks for the next chunk. Exactly one of the receiver's methods is called once, on any thread,
   * when the chunk (or the end, or an error) is there. At most one pull is outstanding at a time.
   */
  void pull(Receiver receiver);

  /** The worker does not want the rest: it is discarded, or the connection closed. */
  void cancel();

  /** Where a pulled chunk goes. */
  interface Receiver {
    void onChunk(byte[] chunk);

    void onEnd();

    void onError(String message);
  }
}
