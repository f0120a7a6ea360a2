package dev.meridian.control.auth;

/** No token, a malformed one, or an unknown, revoked or expired one: answered 401. */
public final class AuthenticationException extends RuntimeException {
  public AuthenticationException(String message) {
    super(message, null, false, false);
  }
}
