package dev.meridian.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;

/** How a serving command ends: it runs until the process is asked to stop, then closes what it started. */
final class Shutdown {

  private Shutdown() {}

  /**
   * Blocks until SIGTERM/SIGINT; then prints {@code message} (if any) and closes {@code parts} in the
   * order given (null ones skipped), going on past failures.
   */
  static void await(PrintStream out, String message, AutoCloseable... parts) throws InterruptedException {
    List<AutoCloseable> present = new ArrayList<>(Arrays.stream(parts).filter(Objects::nonNull).toList());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (!message.isEmpty()) {
        out.println(message);
      }
      Collections.reverse(present); // closeAll goes last first
      Backbone.closeAll(present);
      stopped.countDown();
    }, "meridian-shutdown"));
    stopped.await();
  }
}
