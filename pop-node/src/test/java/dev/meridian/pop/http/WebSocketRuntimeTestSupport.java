package dev.meridian.pop.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.pop.server.TestNode;

/** Waits, bounded, for a worker's log line. */
final class WebSocketRuntimeTestSupport {

  private WebSocketRuntimeTestSupport() {}

  static void awaitLog(TestNode node, String text) throws InterruptedException {
    for (int i = 0; i < 1000 && !node.logged(text); i++) {
      Thread.sleep(10);
    }
    assertTrue(node.logged(text), "no log line with '" + text + "' in " + node.logs);
  }
}
