package dev.meridian.pop.wasm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.pop.io.RequestBody;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BodyInputStreamTest {

  @Test
  void readsChunksInOrderThenEnds() throws Exception {
    TestExchange exchange = new TestExchange("POST", "http://example.test/", List.of(),
        "ab".getBytes(StandardCharsets.UTF_8), "cde".getBytes(StandardCharsets.UTF_8));
    BodyInputStream in = new BodyInputStream(exchange.body(), Duration.ofSeconds(10));
    assertArrayEquals("abcde".getBytes(StandardCharsets.UTF_8), in.readAllBytes());
    assertTrue(in.ended());
    assertEquals(-1, in.read());
  }

  @Test
  void aClientThatStopsSendingFailsTheReadAndCancelsTheBody() {
    boolean[] cancelled = {false};
    RequestBody silent = new RequestBody() {
      @Override
      public void pull(Receiver receiver) {
        // never answers: the client stopped sending
      }

      @Override
      public void cancel() {
        cancelled[0] = true;
      }
    };
    BodyInputStream in = new BodyInputStream(silent, Duration.ofMillis(50));
    IOException error = assertThrows(IOException.class, () -> in.read(new byte[10], 0, 10));
    assertEquals("the client sent no more of the request body for 50 ms", error.getMessage());
    assertTrue(cancelled[0]);
  }
}
