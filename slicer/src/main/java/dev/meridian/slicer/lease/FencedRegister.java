package dev.meridian.slicer.lease;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * The storage side of fencing: remembers, per key, the highest token that wrote, and refuses a
 * write with a lower one. A storage engine holds one per key space and calls {@link #write}
 * inside the same critical section as the write it guards.
 *
 * @param <V> the stored value type
 */
public final class FencedRegister<V> {

  private record Entry<V>(long token, V value) {}

  private final ConcurrentHashMap<String, Entry<V>> entries = new ConcurrentHashMap<>();

  /**
   * Writes {@code value} under {@code key} if {@code token} is at least the highest accepted so
   * far for the key, then calls {@code onAccepted} while still holding the key.
   *
   * @throws FencingException if a higher token has written
   */
  public void write(String key, long token, V value, BiConsumer<String, V> onAccepted) {
    entries.compute(key, (k, old) -> {
      if (old != null && token < old.token()) {
        throw new FencingException("write to '" + key + "' with fencing token " + token
            + " refused: token " + old.token() + " already wrote; this owner's lease has ended");
      }
      onAccepted.accept(k, value);
      return new Entry<>(token, value);
    });
  }

  /** The highest token that wrote {@code key}, or 0. */
  public long highestToken(String key) {
    Entry<V> e = entries.get(key);
    return e == null ? 0 : e.token();
  }
}
