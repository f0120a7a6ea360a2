package dev.meridian.control.http;

import java.time.Duration;

/**
 * The limits the API's HTTP layer enforces before a handler runs.
 *
 * <table>
 *   <caption>Limits, defaults and what happens past them</caption>
 *   <tr><th>limit</th><th>default</th><th>past it</th></tr>
 *   <tr><td>request line</td><td>{@link #DEFAULT_MAX_REQUEST_LINE} bytes</td><td>414 JSON error, connection closed</td></tr>
 *   <tr><td>header block</td><td>{@link #DEFAULT_MAX_HEADER_BYTES} bytes</td><td>431 JSON error, connection closed</td></tr>
 *   <tr><td>request body</td><td>{@code ControlPlane.Config.maxBundleBytes}: the largest body is a
 *       bundle upload</td><td>413 JSON error (at once when
 *       Content-Length says so); the rest of the body is discarded</td></tr>
 *   <tr><td>idle connection</td><td>{@link #DEFAULT_IDLE_TIMEOUT}</td><td>closed when nothing was read
 *       for that long and no request is running (a tail is never idle-closed)</td></tr>
 * </table>
 *
 * @param maxRequestLine the longest request line accepted
 * @param maxHeaderBytes the largest header block accepted
 * @param maxBodyBytes the largest request body accepted; bundle uploads are the largest bodies
 * @param idleTimeout how long a connection may send nothing between requests
 */
public record ApiLimits(int maxRequestLine, int maxHeaderBytes, int maxBodyBytes, Duration idleTimeout) {

  public static final int DEFAULT_MAX_REQUEST_LINE = 8 * 1024;
  public static final int DEFAULT_MAX_HEADER_BYTES = 16 * 1024;
  /** Long enough for a CLI between two calls of one command, short enough to shed abandoned connections. */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);

  public ApiLimits {
    if (maxRequestLine < 256) {
      throw new IllegalArgumentException("maxRequestLine must be at least 256 bytes, was " + maxRequestLine);
    }
    if (maxHeaderBytes < 1024) {
      throw new IllegalArgumentException("maxHeaderBytes must be at least 1024 bytes, was " + maxHeaderBytes);
    }
    if (maxBodyBytes < 1024) {
      throw new IllegalArgumentException("maxBodyBytes must be at least 1024 bytes, was " + maxBodyBytes);
    }
    if (idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("idleTimeout must be positive, was " + idleTimeout);
    }
  }
}
