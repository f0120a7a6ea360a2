package dev.meridian.control.auth;

import org.jspecify.annotations.Nullable;

/** Turns an {@code Authorization} header into a principal. */
@FunctionalInterface
public interface Authenticator {

  /** @throws AuthenticationException when there is no valid token; its message says what to do */
  Principal authenticate(@Nullable String authorization);
}
