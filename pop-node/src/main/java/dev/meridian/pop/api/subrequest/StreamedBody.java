package dev.meridian.pop.api.subrequest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * A subrequest's body that the worker writes chunk by chunk while the request is on the wire, as
 * the {@link Flow.Publisher} the JDK's client reads it from.
 *
 * <p>One chunk waits at a time: {@link #write}'s stage completes when the client has taken the
 * chunk, so a worker producing faster than the network sends waits instead of filling memory. The
 * client subscribes once; a second subscription (a 307 or 308 redirect sending the body again) gets
 * an error, since the bytes are gone, which is the network error the Fetch standard asks for there.
 *
 * <p>Signals to the subscriber are serialized by a drain loop: writes come from the isolate's
 * thread and demand from the client's.
 */
final class StreamedBody implements Flow.Publisher<ByteBuffer> {

  private Flow.Subscriber<? super ByteBuffer> subscriber;
  private long demand;
  private ByteBuffer waiting;
  private CompletableFuture<Void> waitingWrite;
  private boolean ended;
  private Throwable failure;
  private boolean terminated;
  private boolean draining;
  private boolean drainAgain;

  @Override
  public void subscribe(Flow.Subscriber<? super ByteBuffer> s) {
    boolean first;
    synchronized (this) {
      first = subscriber == null;
      if (first) {
        subscriber = s;
      }
    }
    if (!first) {
      s.onSubscribe(new Flow.Subscription() {
        @Override
        public void request(long n) {}

        @Override
        public void cancel() {}
      });
      s.onError(new IOException("the request body was a stream and has been sent; it cannot be sent again"
          + " to follow a redirect"));
      return;
    }
    s.onSubscribe(new Flow.Subscription() {
      @Override
      public void request(long n) {
        if (n <= 0) {
          fail(new IllegalArgumentException("non-positive demand " + n));
          return;
        }
        synchronized (StreamedBody.this) {
          demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
        }
        drain();
      }

      @Override
      public void cancel() {
        synchronized (StreamedBody.this) {
          terminated = true; // a cancelled subscriber is signalled no more
        }
        fail(new IOException("the server stopped reading the request body"));
      }
    });
    drain();
  }

  /** Hands {@code chunk} to the client; completes when it has been taken, fails if the body can no longer be sent. */
  CompletableFuture<Void> write(byte[] chunk) {
    CompletableFuture<Void> written = new CompletableFuture<>();
    synchronized (this) {
      if (failure != null) {
        return CompletableFuture.failedFuture(failure);
      }
      if (ended || waitingWrite != null) {
        return CompletableFuture.failedFuture(new IllegalStateException("write after end, or before the last write was taken"));
      }
      waiting = ByteBuffer.wrap(chunk);
      waitingWrite = written;
    }
    drain();
    return written;
  }

  /** The worker's stream closed: the body ends after the chunk still waiting, if any. */
  void end() {
    synchronized (this) {
      ended = true;
    }
    drain();
  }

  /** The body cannot be completed: the client is told (the request fails) and a waiting write fails. */
  void fail(Throwable error) {
    synchronized (this) {
      if (failure == null) {
        failure = error;
      }
    }
    drain();
  }

  private void drain() {
    synchronized (this) {
      if (draining) {
        drainAgain = true;
        return;
      }
      draining = true;
    }
    for (;;) {
      Flow.Subscriber<? super ByteBuffer> s;
      ByteBuffer chunk = null;
      CompletableFuture<Void> taken = null;
      Throwable error = null;
      boolean complete = false;
      synchronized (this) {
        s = subscriber;
        if (failure != null && waitingWrite != null) {
          taken = waitingWrite;
          waitingWrite = null;
          waiting = null;
        }
        if (s != null && !terminated) {
          if (failure != null) {
            terminated = true;
            error = failure;
          } else if (waiting != null && demand > 0) {
            demand--;
            chunk = waiting;
            taken = waitingWrite;
            waiting = null;
            waitingWrite = null;
          } else if (waiting == null && ended) {
            terminated = true;
            complete = true;
          }
        }
        if (chunk == null && taken == null && error == null && !complete) {
          if (!drainAgain) {
            draining = false;
            return;
          }
          drainAgain = false;
          continue;
        }
      }
      if (chunk != null) {
        s.onNext(chunk);
        taken.complete(null);
      } else if (taken != null) {
        taken.completeExceptionally(failure());
      }
      if (error != null) {
        s.onError(error);
      } else if (complete) {
        s.onComplete();
      }
    }
  }

  private synchronized Throwable failure() {
    return failure;
  }
}
