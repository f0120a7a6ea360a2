package dev.meridian.kv.store;

import java.time.Duration;

/**
 * When the log is forced to stable storage. A write is acknowledged once its record has been
 * handed to the operating system ({@code write(2)}), so a crash of the JVM, however abrupt, loses
 * no acknowledged write under any policy. The policies differ on a crash of the machine (power,
 * kernel):
 *
 * <table>
 *   <caption>Fsync policies</caption>
 *   <tr><th>policy</th><th>acknowledged after</th><th>lost on power failure</th><th>cost</th></tr>
 *   <tr><td>{@link #always()}</td><td>{@code fsync} of the record</td><td>nothing</td>
 *       <td>one fsync per write (0.1–10 ms, device-dependent)</td></tr>
 *   <tr><td>{@link #every(Duration)}</td><td>{@code write(2)}</td>
 *       <td>at most the last interval of writes</td><td>one fsync per interval</td></tr>
 *   <tr><td>{@link #never()}</td><td>{@code write(2)}</td>
 *       <td>whatever the kernel had not written back (typically up to 30 s)</td><td>none</td></tr>
 * </table>
 *
 * <p>Whatever the policy, a replicated namespace forces its log before each heartbeat that reports
 * its progress to the other replicas (at most once per heartbeat interval, and only after writes):
 * tombstone collection trusts that report, so it must survive a power failure.
 *
 * <p>A replica's writes also live on the Pulsar topic once published, so a PoP that loses its
 * last interval to a power failure gets back the writes it had already published; the default,
 * {@link #DEFAULT}, is a 100 ms interval.
 */
public record FsyncPolicy(Mode mode, Duration interval) {

  /** The three policies. */
  public enum Mode { ALWAYS, INTERVAL, NEVER }

  public static final FsyncPolicy DEFAULT = every(Duration.ofMillis(100));

  public FsyncPolicy {
    if (mode == Mode.INTERVAL && (interval.isNegative() || interval.isZero())) {
      throw new IllegalArgumentException("fsync interval must be positive, got " + interval);
    }
  }

  public static FsyncPolicy always() {
    return new FsyncPolicy(Mode.ALWAYS, Duration.ZERO);
  }

  public static FsyncPolicy every(Duration interval) {
    return new FsyncPolicy(Mode.INTERVAL, interval);
  }

  public static FsyncPolicy never() {
    return new FsyncPolicy(Mode.NEVER, Duration.ZERO);
  }
}
