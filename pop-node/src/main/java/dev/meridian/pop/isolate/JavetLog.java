package dev.meridian.pop.isolate;

import com.caoccao.javet.interfaces.IJavetLogger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Javet's own log lines, through SLF4J like the rest of the node's. */
final class JavetLog implements IJavetLogger {

  static final JavetLog INSTANCE = new JavetLog();
  private static final Logger log = LoggerFactory.getLogger("meridian.javet");

  private JavetLog() {}

  @Override
  public void debug(String message) {
    log.debug(message);
  }

  @Override
  public void error(String message) {
    log.error(message);
  }

  @Override
  public void error(String message, Throwable cause) {
    log.error(message, cause);
  }

  @Override
  public void info(String message) {
    log.info(message);
  }

  @Override
  public void warn(String message) {
    log.warn(message);
  }
}
