package dev.meridian.pop.api;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.pop.server.TestNode;

/**
 * One {@link TestNode} for the web API tests of a test JVM, started on first use and closed when the
 * JVM exits: the API tests deploy workers under names of their own, so they can share it, and each
 * test class saves a snapshot build.
 */
public final class SharedNode {

  private static TestNode node;

  private SharedNode() {}

  public static synchronized TestNode get() {
    if (node == null) {
      TestNode started;
      try {
        started = TestNode.start();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while starting the shared test node", e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(started::close, "shared-test-node-stop"));
      node = started;
    }
    return node;
  }

  /** Waits up to 5 s for a log line that contains {@code text}. */
  public static void awaitLog(TestNode node, String text) throws InterruptedException {
    for (int i = 0; i < 500 && !node.logged(text); i++) {
      Thread.sleep(10);
    }
    assertTrue(node.logged(text), "no log line with '" + text + "' in " + node.logs);
  }
}
