package dev.meridian.pop.api.subrequest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

/** The publisher a streamed subrequest body is read from, driven by hand as the JDK's client would. */
class StreamedBodyTest {

  /** Records every signal; asks for nothing until told to. */
  private static final class Recorder implements Flow.Subscriber<ByteBuffer> {
    final List<String> signals = new ArrayList<>();
    Flow.Subscription subscription;
    Throwable error;

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
    }

    @Override
    public void onNext(ByteBuffer item) {
      signals.add(StandardCharsets.UTF_8.decode(item).toString());
    }

    @Override
    public void onError(Throwable throwable) {
      error = throwable;
      signals.add("error");
    }

    @Override
    public void onComplete() {
      signals.add("complete");
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aWriteIsTakenOnlyWhenTheClientAsks() {
    StreamedBody body = new StreamedBody();
    CompletableFuture<Void> early = body.write(bytes("before subscribe"));
    Recorder client = new Recorder();
    body.subscribe(client);
    assertFalse(early.isDone(), "no demand yet: the worker waits");
    client.subscription.request(1);
    assertTrue(early.isDone());
    assertEquals(List.of("before subscribe"), client.signals);

    CompletableFuture<Void> second = body.write(bytes("second"));
    assertFalse(second.isDone());
    body.end();
    assertEquals(List.of("before subscribe"), client.signals, "the end waits behind the chunk still waiting");
    client.subscription.request(1);
    assertTrue(second.isDone());
    assertEquals(List.of("before subscribe", "second", "complete"), client.signals);
  }

  @Test
  void aSecondSubscriptionIsARedirectThatCannotResendTheBody() {
    StreamedBody body = new StreamedBody();
    body.subscribe(new Recorder());
    Recorder redirected = new Recorder();
    body.subscribe(redirected);
    assertEquals(List.of("error"), redirected.signals);
    assertTrue(redirected.error.getMessage().contains("cannot be sent again"), redirected.error.getMessage());
  }

  @Test
  void aFailureFailsTheWaitingWriteAndTellsTheClientOnce() {
    StreamedBody body = new StreamedBody();
    Recorder client = new Recorder();
    body.subscribe(client);
    CompletableFuture<Void> waiting = body.write(bytes("never taken"));
    body.fail(new IOException("the producer broke"));
    body.fail(new IOException("again"));
    ExecutionException e = assertThrows(ExecutionException.class, waiting::get);
    assertEquals("the producer broke", e.getCause().getMessage());
    assertEquals(List.of("error"), client.signals);
    assertInstanceOf(IOException.class, client.error);
    assertTrue(body.write(bytes("late")).isCompletedExceptionally(), "nothing is taken after a failure");
  }

  @Test
  void theClientCancellingFailsTheWorkersWrite() {
    StreamedBody body = new StreamedBody();
    Recorder client = new Recorder();
    body.subscribe(client);
    CompletableFuture<Void> waiting = body.write(bytes("unread"));
    client.subscription.cancel();
    assertTrue(waiting.isCompletedExceptionally());
    assertEquals(List.of(), client.signals, "a cancelled subscriber hears nothing more");
  }
}
