package dev.meridian.kv;

import java.util.regex.Pattern;

/**
 * A namespace, owned by one tenant: {@code tenant/name}. Two tenants' namespaces never share
 * state, files or topic, whatever their names. Both parts are 1–64 characters of {@code
 * [A-Za-z0-9_-]}, so they are safe as directory and topic names.
 */
public record NamespaceId(String tenant, String name) {

  private static final Pattern PART = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  public NamespaceId {
    check("tenant", tenant);
    check("namespace name", name);
  }

  private static void check(String what, String value) {
    if (!PART.matcher(value).matches()) {
      throw new IllegalArgumentException(what + " \"" + value
          + "\" must be 1 to 64 characters of letters, digits, '_' or '-'");
    }
  }

  @Override
  public String toString() {
    return tenant + "/" + name;
  }
}
