package dev.meridian.pop.isolate;

import dev.meridian.pop.io.RequestBody;
import dev.meridian.pop.io.WorkerExchange;

/**
 * Moves a body from a source to a response without the isolate: each chunk is pulled only when the
 * response can take more, so memory stays bounded by one chunk plus the channel's high-water mark,
 * and the worker's CPU budget pays nothing for bytes it never looked at (as workerd pipes a body
 * returned untouched).
 */
final class BodyPipe implements RequestBody.Receiver {

  private final RequestBody source;
  private final WorkerExchange sink;

  private BodyPipe(RequestBody source, WorkerExchange sink) {
    this.source = source;
    this.sink = sink;
  }

  static void start(RequestBody source, WorkerExchange sink) {
    new BodyPipe(source, sink).next();
  }

  private void next() {
    source.pull(this);
  }

  @Override
  public void onChunk(byte[] chunk) {
    if (sink.write(chunk, this::next)) {
      next();
    }
  }

  @Override
  public void onEnd() {
    sink.end();
  }

  @Override
  public void onError(String message) {
    sink.abort(message);
  }
}
