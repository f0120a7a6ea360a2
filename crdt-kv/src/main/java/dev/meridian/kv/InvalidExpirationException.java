package dev.meridian.kv;

/** Thrown for an expiration in the past or under 60 seconds ahead, a TTL under 60 seconds, or both given. */
public final class InvalidExpirationException extends KvException {

  InvalidExpirationException(String message) {
    super(message);
  }
}
