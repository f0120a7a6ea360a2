package dev.meridian.pop.http;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits the HTTP front enforces before a request reaches a worker.
 *
 * <table>
 *   <caption>Limits, defaults and what happens past them</caption>
 *   <tr><th>limit</th><th>default</th><th>past it</th></tr>
 *   <tr><td>request line</td><td>{@link #DEFAULT_MAX_REQUEST_LINE} bytes</td><td>414, connection closed</td></tr>
 *   <tr><td>header block</td><td>{@link #DEFAULT_MAX_HEADER_BYTES} bytes</td><td>431, connection closed</td></tr>
 *   <tr><td>request body</td><td>{@link #DEFAULT_MAX_BODY_BYTES} bytes</td><td>413 (at once when
 *       Content-Length says so, else when the stream crosses it; the worker's body stream errors)</td></tr>
 *   <tr><td>time to send a request head</td><td>{@link #DEFAULT_HEADER_TIMEOUT}</td><td>connection
 *       closed (slow-loris defence; also ends idle keep-alive connections)</td></tr>
 * </table>
 *
 * @param maxRequestLine the longest request line accepted
 * @param maxHeaderBytes the largest header block accepted
 * @param maxBodyBytes the largest request body accepted
 * @param headerTimeout how long a client has to send a complete request head
 */
public record HttpLimits(int maxRequestLine, int maxHeaderBytes, long maxBodyBytes, Duration headerTimeout) {

  public static final int DEFAULT_MAX_REQUEST_LINE = 16 * 1024;
  public static final int DEFAULT_MAX_HEADER_BYTES = 32 * 1024;
  /** Larger than Cloudflare's 100 MB free tier: a PoP must pass large uploads through. */
  public static final long DEFAULT_MAX_BODY_BYTES = 2L * 1024 * 1024 * 1024;
  public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(30);

  public static final HttpLimits DEFAULTS = new HttpLimits(
      DEFAULT_MAX_REQUEST_LINE, DEFAULT_MAX_HEADER_BYTES, DEFAULT_MAX_BODY_BYTES, DEFAULT_HEADER_TIMEOUT);

  public HttpLimits {
    if (maxRequestLine < 256) {
      throw new IllegalArgumentException("http.max_request_line must be at least 256 bytes, was " + maxRequestLine);
    }
    if (maxHeaderBytes < 1024) {
      throw new IllegalArgumentException("http.max_header_bytes must be at least 1024, was " + maxHeaderBytes);
    }
    if (maxBodyBytes < 0) {
      throw new IllegalArgumentException("http.max_body_bytes must not be negative, was " + maxBodyBytes);
    }
    Objects.requireNonNull(headerTimeout, "headerTimeout");
    if (headerTimeout.isNegative() || headerTimeout.isZero()) {
      throw new IllegalArgumentException("http.header_timeout must be positive, was " + headerTimeout);
    }
  }

  public HttpLimits withMaxBodyBytes(long bytes) {
    return new HttpLimits(maxRequestLine, maxHeaderBytes, bytes, headerTimeout);
  }

  public HttpLimits withHeaderTimeout(Duration timeout) {
    return new HttpLimits(maxRequestLine, maxHeaderBytes, maxBodyBytes, timeout);
  }
}
