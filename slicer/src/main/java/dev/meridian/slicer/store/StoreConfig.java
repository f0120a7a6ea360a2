package dev.meridian.slicer.store;

import java.time.Duration;

/**
 * How to reach the region's ZooKeeper ensemble.
 *
 * @param connectString ZooKeeper's {@code host:port[,host:port...]}
 * @param job the job's name: its state lives under {@code /meridian/slicer/<job>}
 * @param sessionTimeout how long ZooKeeper keeps a silent session, which bounds how long a dead
 *     Assigner keeps leadership (default 5 s: failover within the 5 s aim is then set by
 *     the session; lower it where the ensemble allows)
 * @param connectionTimeout how long one attempt to connect waits (default 2 s)
 */
public record StoreConfig(
    String connectString, String job, Duration sessionTimeout, Duration connectionTimeout) {

  public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(2);

  public StoreConfig {
    if (connectString.isBlank()) {
      throw new IllegalArgumentException("store config: connectString is empty");
    }
    if (!job.matches("[A-Za-z0-9_.-]+")) {
      throw new IllegalArgumentException("store config: job '" + job
          + "' must be letters, digits, '_', '.' or '-' (it is a ZooKeeper path element)");
    }
    if (sessionTimeout.isNegative() || sessionTimeout.isZero()) {
      throw new IllegalArgumentException("store config: sessionTimeout must be > 0");
    }
    if (connectionTimeout.isNegative() || connectionTimeout.isZero()) {
      throw new IllegalArgumentException("store config: connectionTimeout must be > 0");
    }
  }

  public static StoreConfig of(String connectString, String job) {
    return new StoreConfig(connectString, job, DEFAULT_SESSION_TIMEOUT, DEFAULT_CONNECTION_TIMEOUT);
  }

  public StoreConfig withSessionTimeout(Duration timeout) {
    return new StoreConfig(connectString, job, timeout, connectionTimeout);
  }

  public StoreConfig withConnectionTimeout(Duration timeout) {
    return new StoreConfig(connectString, job, sessionTimeout, timeout);
  }
}
