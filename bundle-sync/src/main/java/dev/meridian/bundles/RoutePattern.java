package dev.meridian.bundles;

import java.util.Comparator;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A route in wrangler's syntax: {@code host/path}, where the host may start with {@code *.} (any
 * subdomain, not the apex) and the path may end with {@code *} (any path with that prefix; without
 * it the path must match exactly). A leading {@code http://} or {@code https://} is accepted and
 * ignored, as wrangler does. Hosts compare case-insensitively; the request's port and trailing dot
 * are ignored. Query strings, fragments, ports and wildcards anywhere else are refused with a
 * message that says so.
 *
 * <table>
 *   <caption>Examples</caption>
 *   <tr><th>pattern</th><th>matches</th><th>does not match</th></tr>
 *   <tr><td>{@code example.com/*}</td><td>{@code example.com/}, {@code example.com/a/b}</td><td>{@code www.example.com/}</td></tr>
 *   <tr><td>{@code *.example.com/api*}</td><td>{@code a.example.com/api}, {@code a.b.example.com/apis}</td><td>{@code example.com/api}</td></tr>
 *   <tr><td>{@code example.com/health}</td><td>{@code example.com/health}</td><td>{@code example.com/health/x}</td></tr>
 * </table>
 *
 * @param host the host without the wildcard, lowercase ({@code example.com} for {@code *.example.com})
 * @param subdomains whether the pattern was {@code *.host}
 * @param path the path without the trailing {@code *}, starting with {@code /}
 * @param prefix whether the path ended with {@code *}
 */
public record RoutePattern(String host, boolean subdomains, String path, boolean prefix) {

  /**
   * Most specific first, for a route table: exact hosts before wildcard hosts, then longer paths,
   * then exact paths before prefixes; ties broken by the text so the order is total.
   */
  public static final Comparator<RoutePattern> MOST_SPECIFIC_FIRST = Comparator
      .comparing(RoutePattern::subdomains)
      .thenComparing(r -> -r.host.length())
      .thenComparing(r -> -r.path.length())
      .thenComparing(RoutePattern::prefix)
      .thenComparing(RoutePattern::toString);

  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
  private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9\\-._~!$&'()+,;=:@%/]*");

  public RoutePattern {
    checkHost(host, host);
    if (!PATH.matcher(path).matches()) {
      throw new IllegalArgumentException("route path \"" + path + "\" must start with / and hold only URL path characters");
    }
  }

  /** Parses {@code text}; the exception message names the route and what is wrong with it. */
  public static RoutePattern parse(String text) {
    String s = text.strip();
    String lower = s.toLowerCase(Locale.ROOT);
    if (lower.startsWith("https://")) {
      s = s.substring(8);
    } else if (lower.startsWith("http://")) {
      s = s.substring(7);
    }
    int slash = s.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("route \"" + text + "\" has no path: write \"" + s + "/*\" for every path of the host");
    }
    String hostPart = s.substring(0, slash).toLowerCase(Locale.ROOT);
    String pathPart = s.substring(slash);
    boolean subdomains = hostPart.startsWith("*.");
    String host = subdomains ? hostPart.substring(2) : hostPart;
    if (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    if (host.indexOf(':') >= 0) {
      throw new IllegalArgumentException("route \"" + text + "\" has a port: routes match hostnames on every port, remove \":"
          + host.substring(host.indexOf(':') + 1) + "\"");
    }
    checkHost(host, text);
    if (pathPart.indexOf('?') >= 0 || pathPart.indexOf('#') >= 0) {
      throw new IllegalArgumentException("route \"" + text + "\" has a query or fragment: routes match paths only");
    }
    boolean prefix = pathPart.endsWith("*");
    String path = prefix ? pathPart.substring(0, pathPart.length() - 1) : pathPart;
    if (path.indexOf('*') >= 0) {
      throw new IllegalArgumentException("route \"" + text + "\" has a * inside its path: only a trailing * is allowed");
    }
    if (!PATH.matcher(path).matches()) {
      throw new IllegalArgumentException("route \"" + text + "\" has characters not allowed in a URL path");
    }
    return new RoutePattern(host, subdomains, path, prefix);
  }

  private static void checkHost(String host, String text) {
    if (host.indexOf('*') >= 0) {
      throw new IllegalArgumentException("route \"" + text + "\" has a * in its host: only a leading \"*.\" is allowed");
    }
    if (host.isEmpty() || host.length() > 253) {
      throw new IllegalArgumentException("route \"" + text + "\" needs a hostname of 1 to 253 characters before the first /");
    }
    for (String label : host.split("\\.", -1)) {
      if (!LABEL.matcher(label).matches()) {
        throw new IllegalArgumentException("route \"" + text + "\" has an invalid hostname \"" + host
            + "\": labels are letters, digits and inner hyphens, 1 to 63 long");
      }
    }
  }

  /** Whether a request for {@code requestHost} (any case, port and trailing dot ignored) and {@code requestPath} matches. */
  public boolean matches(String requestHost, String requestPath) {
    if (!hostMatches(normalizeHost(requestHost))) {
      return false;
    }
    return prefix ? requestPath.startsWith(path) : requestPath.equals(path);
  }

  /**
   * Whether some hostname would match both patterns' hosts ({@code *.example.com} and {@code
   * a.example.com} do): the control plane refuses a route when another tenant's route shares its
   * hostname this way, so no tenant can take another's traffic.
   */
  public boolean sameHostAs(RoutePattern other) {
    if (!subdomains && !other.subdomains) {
      return host.equals(other.host);
    }
    if (subdomains && other.subdomains) {
      return host.equals(other.host) || host.endsWith("." + other.host) || other.host.endsWith("." + host);
    }
    RoutePattern wildcard = subdomains ? this : other;
    RoutePattern exact = subdomains ? other : this;
    return wildcard.hostMatches(exact.host);
  }

  private boolean hostMatches(String h) {
    return subdomains ? h.endsWith("." + host) : h.equals(host);
  }

  private static String normalizeHost(String requestHost) {
    String h = requestHost.toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      return h; // an IPv6 literal never matches a route hostname
    }
    int colon = h.lastIndexOf(':');
    if (colon >= 0) {
      h = h.substring(0, colon);
    }
    return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
  }

  /** The canonical text, which {@link #parse} reads back to an equal pattern. */
  @Override
  public String toString() {
    return (subdomains ? "*." : "") + host + path + (prefix ? "*" : "");
  }
}
