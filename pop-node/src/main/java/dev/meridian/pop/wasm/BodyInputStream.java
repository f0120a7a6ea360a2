package dev.meridian.pop.wasm;

import dev.meridian.pop.io.RequestBody;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A request body as the guest's stdin: each read that finds the last chunk used up pulls the next
 * one and waits for it on the request's own thread (a Wasm thread, never Netty's), so the body
 * streams through in bounded memory. Waiting costs no CPU budget, so it is bounded on the wall
 * clock instead: a chunk that takes longer than {@link #DEFAULT_WAIT} fails the read (and cancels
 * the body), so a client that stops sending cannot hold a Wasm thread. An interrupt while waiting
 * (the CPU watchdog's) is kept on the thread so the guest stops at its next check.
 */
final class BodyInputStream extends InputStream {

  /** How long one read waits for the client's next chunk. */
  static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);

  private static final Object END = new Object();

  private final RequestBody body;
  private final long waitNanos;
  private final BlockingQueue<Object> arrived = new ArrayBlockingQueue<>(1);
  private byte[] chunk = new byte[0];
  private int position;
  private boolean ended;

  BodyInputStream(RequestBody body) {
    this(body, DEFAULT_WAIT);
  }

  BodyInputStream(RequestBody body, Duration wait) {
    this.body = body;
    this.waitNanos = wait.toNanos();
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    while (position == chunk.length) {
      if (ended) {
        return -1;
      }
      next();
    }
    int n = Math.min(length, chunk.length - position);
    System.arraycopy(chunk, position, buffer, offset, n);
    position += n;
    return n;
  }

  private void next() throws IOException {
    body.pull(new RequestBody.Receiver() {
      @Override
      public void onChunk(byte[] bytes) {
        arrived.add(bytes);
      }

      @Override
      public void onEnd() {
        arrived.add(END);
      }

      @Override
      public void onError(String message) {
        arrived.add(new IOException("reading the request body failed: " + message));
      }
    });
    Object next;
    try {
      next = arrived.poll(waitNanos, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for the request body");
    }
    if (next == null) {
      ended = true;
      body.cancel();
      throw new IOException("the client sent no more of the request body for "
          + Duration.ofNanos(waitNanos).toMillis() + " ms");
    }
    if (next == END) {
      ended = true;
    } else if (next instanceof IOException error) {
      ended = true;
      throw error;
    } else {
      chunk = (byte[]) next;
      position = 0;
    }
  }

  /** Whether the whole body was read; if not, the rest is to be cancelled. */
  boolean ended() {
    return ended;
  }
}
