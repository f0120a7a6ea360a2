package dev.meridian.control.api;

import dev.meridian.bundles.tail.LogTail;
import dev.meridian.control.auth.Scope;
import dev.meridian.control.http.ApiRequest;
import dev.meridian.control.http.ApiResponse;
import dev.meridian.control.http.Route;
import dev.meridian.control.store.Workers;
import dev.meridian.control.store.Workers.Worker;
import io.netty.handler.codec.http.HttpMethod;
import java.util.Arrays;
import java.util.List;

/**
 * Live logs of a worker: the events PoPs publish on the {@link LogTail} for its deployment,
 * streamed as NDJSON (one event per line, chunked) until the client disconnects, which closes the
 * subscription.
 */
final class TailApi {

  private final Workers workers;
  private final LogTail tail;

  TailApi(Workers workers, LogTail tail) {
    this.workers = workers;
    this.tail = tail;
  }

  List<Route> routes() {
    return List.of(Route.auth(HttpMethod.GET, "/v1/workers/{name}/tail", Scope.TAIL, this::tail));
  }

  private ApiResponse tail(ApiRequest request) {
    Worker w = Check.worker(workers, request);
    return new ApiResponse.Stream("application/x-ndjson",
        sink -> tail.subscribe(DeploymentApi.deploymentId(w), event -> sink.accept(line(event))));
  }

  /** The event followed by a newline; an event holding newlines would break NDJSON, so they become spaces. */
  private static byte[] line(byte[] event) {
    byte[] out = Arrays.copyOf(event, event.length + 1);
    for (int i = 0; i < event.length; i++) {
      if (out[i] == '\n' || out[i] == '\r') {
        out[i] = ' ';
      }
    }
    out[event.length] = '\n';
    return out;
  }
}
