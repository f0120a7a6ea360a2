package dev.meridian.kv;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One page of {@link KvNamespace#list}.
 *
 * @param keys the keys, in lexicographic order of their UTF-8 bytes
 * @param listComplete whether this is the last page
 * @param cursor pass it in {@link ListOptions#cursor()} for the next page; {@code null} when
 *     complete
 */
public record KvListResult(List<KvKey> keys, boolean listComplete, @Nullable String cursor) {

  public KvListResult {
    keys = List.copyOf(keys);
  }
}
