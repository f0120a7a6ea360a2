package dev.meridian.acme.challenge;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP-01 tokens being answered right now, in memory and safe to use from any thread: the
 * issuer publishes, a PoP's HTTP handler looks up.
 *
 * <p>The PoP serves {@code GET} {@link #PATH_PREFIX}{@code TOKEN} over plain HTTP (port 80) with
 * the body {@link #keyAuthorization(String)} as {@code text/plain} and status 200, or 404 when the
 * lookup gives {@code null}. Anything a client sends may be passed as the token: it is only ever a
 * map key.
 */
public final class Http01Tokens implements Http01Responder {

  /** The request path under which the CA asks for tokens (RFC 8555 §8.3). */
  public static final String PATH_PREFIX = "/.well-known/acme-challenge/";

  private final ConcurrentMap<String, String> keyAuthorizations = new ConcurrentHashMap<>();

  @Override
  public void publish(String token, String keyAuthorization) {
    keyAuthorizations.put(token, keyAuthorization);
  }

  @Override
  public void withdraw(String token) {
    keyAuthorizations.remove(token);
  }

  /** The key authorization to answer for {@code token}, or {@code null} for a 404. */
  public @Nullable String keyAuthorization(String token) {
    return keyAuthorizations.get(token);
  }

  /**
   * The key authorization for a request path, or {@code null} when the path is not under {@link
   * #PATH_PREFIX} or its token is not published: the whole lookup a PoP's handler needs.
   */
  public @Nullable String forPath(String path) {
    if (!path.startsWith(PATH_PREFIX)) {
      return null;
    }
    return keyAuthorizations.get(path.substring(PATH_PREFIX.length()));
  }

  /** How many tokens are published: zero once every challenge is decided. */
  public int size() {
    return keyAuthorizations.size();
  }
}
