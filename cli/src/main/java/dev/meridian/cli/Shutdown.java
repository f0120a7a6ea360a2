package dev.meridian.cli;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/** How a serving command ends: it runs until the process is asked to stop, then closes what it started. */
final class Shutdown {

  private Shutdown() {}

  /** Blocks until SIGTERM/SIGINT; then prints {@code message} (if any) and runs {@code close}. */
  static void await(PrintStream out, String message, Runnable close) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (!message.isEmpty()) {
        out.println(message);
      }
      close.run();
      stopped.countDown();
    }, "meridian-shutdown"));
    stopped.await();
  }
}
