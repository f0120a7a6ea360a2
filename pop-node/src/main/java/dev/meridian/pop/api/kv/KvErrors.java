package dev.meridian.pop.api.kv;

import dev.meridian.kv.KvException;
import dev.meridian.pop.api.HostOpException;
import dev.meridian.pop.io.LogSink;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the store's failures reach JavaScript. A {@link KvException} (an oversize key, value or
 * metadata, a bad expiration, cursor or list limit) is the caller's mistake: it becomes the error
 * class {@link KvException#jsErrorName()} names ({@code RangeError} for the three size limits,
 * {@code TypeError} otherwise) with the store's message, which says what to do. Anything else (an
 * I/O error in the local log) is this PoP's fault: it is logged with the deployment and request, and
 * the worker gets a generic {@code Error} that does not leak host details.
 */
final class KvErrors {

  private static final Logger LOG = LoggerFactory.getLogger("meridian.kv");

  private KvErrors() {}

  /** The JavaScript error for a store error the caller caused. */
  static HostOpException toJs(KvException e) {
    String message = String.valueOf(e.getMessage());
    return "RangeError".equals(e.jsErrorName()) ? HostOpException.rangeError(message) : HostOpException.typeError(message);
  }

  /**
   * {@code future}, failing with what {@link #toJs} makes of a {@link KvException} or with a generic
   * error (logged) for anything else; never a {@link CompletionException}, so the isolate sees the
   * error itself.
   */
  static <T> CompletionStage<T> translated(CompletableFuture<T> future, String op, String namespace,
      String deployment, @Nullable String requestId) {
    CompletableFuture<T> out = new CompletableFuture<>();
    future.whenComplete((value, error) -> {
      if (error == null) {
        out.complete(value);
        return;
      }
      Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
      if (cause instanceof KvException kv) {
        out.completeExceptionally(toJs(kv));
        return;
      }
      LOG.error("event=kv_error op={} namespace={} deployment={} request={} error={}", op, namespace, deployment,
          requestId == null ? "-" : requestId, LogSink.quote(String.valueOf(cause)));
      out.completeExceptionally(new IllegalStateException(
          "KV " + op + " failed inside this PoP's store (the error is logged); retry the operation"));
    });
    return out;
  }
}
