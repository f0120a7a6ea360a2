package dev.meridian.pop.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.bundles.tail.LogTail;
import dev.meridian.pop.io.LogSink;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.jspecify.annotations.Nullable;

/**
 * A worker's console output and errors on their way to {@code meridian tail}: each line goes to the
 * node's own log and, as one JSON event, to the deployment's live tail. Deployed workers are named
 * {@code tenant/worker@version} (see {@link EdgePop}), which is how an event knows its deployment.
 */
final class TailSink implements LogSink {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final LogSink local;
  private final LogTail tail;
  private final String pop;
  private final Clock clock;

  TailSink(LogSink local, LogTail tail, String pop, Clock clock) {
    this.local = local;
    this.tail = tail;
    this.pop = pop;
    this.clock = clock;
  }

  /** A request's outcome, as {@code wrangler tail} shows one event per request. */
  void request(String deploymentId, String version, String requestId, String method, String url, int status,
      long millis, String outcome) {
    if (!tail.watched(deploymentId)) {
      return;
    }
    ObjectNode event = event(deploymentId, version, requestId, status >= 500 ? "error" : "info")
        .put("event", "request")
        .put("method", method)
        .put("url", url)
        .put("status", status)
        .put("duration_ms", millis)
        .put("outcome", outcome);
    tail.publish(deploymentId, event.toString().getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void log(String deployment, @Nullable String requestId, String level, String message) {
    local.log(deployment, requestId, level, message);
    int at = deployment.lastIndexOf('@');
    if (at < 0 || deployment.indexOf('/') < 0) {
      return;
    }
    String deploymentId = deployment.substring(0, at);
    if (!tail.watched(deploymentId)) {
      return;
    }
    ObjectNode event = event(deploymentId, deployment.substring(at + 1), requestId, level).put("message", message);
    tail.publish(deploymentId, event.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** The fields every tail event has. */
  private ObjectNode event(String deploymentId, String version, @Nullable String requestId, String level) {
    return JSON.createObjectNode()
        .put("timestamp", clock.instant().toString())
        .put("pop", pop)
        .put("deployment", deploymentId)
        .put("version", version)
        .put("request_id", requestId)
        .put("level", level);
  }
}
