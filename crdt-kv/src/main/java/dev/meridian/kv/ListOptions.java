package dev.meridian.kv;

import org.jspecify.annotations.Nullable;

/**
 * The options of {@link KvNamespace#list}, as in {@code list({prefix, limit, cursor})}.
 *
 * @param prefix only keys starting with it; {@code ""} for all
 * @param limit page size, 1 to {@link KvNamespace#DEFAULT_LIST_LIMIT}
 * @param cursor from the previous page's {@link KvListResult#cursor()}, or {@code null}
 */
public record ListOptions(String prefix, int limit, @Nullable String cursor) {

  public static final ListOptions ALL = new ListOptions("", KvNamespace.DEFAULT_LIST_LIMIT, null);

  public static ListOptions prefix(String prefix) {
    return new ListOptions(prefix, KvNamespace.DEFAULT_LIST_LIMIT, null);
  }

  public ListOptions withLimit(int n) {
    return new ListOptions(prefix, n, cursor);
  }

  public ListOptions withCursor(@Nullable String c) {
    return new ListOptions(prefix, limit, c);
  }
}
