package dev.meridian.control.auth;

import dev.meridian.control.store.Ids;
import dev.meridian.control.store.Tokens;
import dev.meridian.control.store.Tokens.TokenRow;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Mints tokens and authenticates requests. A token is {@code mrd_} + 32 random bytes in base64url;
 * only its SHA-256 is stored (a fast hash is enough: the token has 256 bits of entropy, so there is
 * nothing to brute-force, unlike a password). Each request looks the hash up again: revocation
 * needs no cache invalidation and takes effect on the next request.
 *
 * <p>A token may be minted with a lifetime (at most {@link #MAX_LIFETIME}); from its expiry on it
 * is refused with a message that says it expired and when, checked against the injected clock.
 * Tokens minted without one never expire: the bootstrap admin token is one, and so is a node token
 * minted without {@code expires_in}.
 */
public final class TokenService implements Authenticator {

  public static final String PREFIX = "mrd_";
  private static final Pattern SHAPE = Pattern.compile("mrd_[A-Za-z0-9_-]{43}");
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * The longest lifetime a token may be minted with. A token meant to last is minted without one;
   * the cap catches a lifetime given in the wrong unit (milliseconds for seconds), which would
   * otherwise make a token that looks like it expires but outlives everyone who remembers it.
   */
  public static final Duration MAX_LIFETIME = Duration.ofDays(365);

  /** A token just made: {@link #token()} is shown to the caller once and never again. */
  public record Minted(TokenRow row, String token) {}

  private final Tokens tokens;
  private final Clock clock;

  /** @param clock what expiries are checked against */
  public TokenService(Tokens tokens, Clock clock) {
    this.tokens = tokens;
    this.clock = clock;
  }

  /**
   * Mints a token valid from {@code now} for {@code lifetime}, or forever when it is {@code null}.
   *
   * @throws IllegalArgumentException when the lifetime is not positive or longer than {@link #MAX_LIFETIME}
   */
  public Minted mint(String tenant, String name, Set<Scope> scopes, Instant now, @Nullable Duration lifetime) {
    if (lifetime != null && (!lifetime.isPositive() || lifetime.compareTo(MAX_LIFETIME) > 0)) {
      throw new IllegalArgumentException("a token's lifetime must be positive and at most " + MAX_LIFETIME
          + ", was " + lifetime);
    }
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    // Whole seconds: an expiry a person reads and compares; ending up to a second early harms no one.
    Instant expiresAt = lifetime == null ? null : now.plus(lifetime).truncatedTo(ChronoUnit.SECONDS);
    return new Minted(store(token, tenant, name, scopes, now, expiresAt), token);
  }

  /** Stores a token made elsewhere (the admin token read back from its file); it never expires. */
  public TokenRow register(String token, String tenant, String name, Set<Scope> scopes, Instant now) {
    return store(token, tenant, name, scopes, now, null);
  }

  private TokenRow store(String token, String tenant, String name, Set<Scope> scopes, Instant now,
      @Nullable Instant expiresAt) {
    TokenRow row = new TokenRow(Ids.random("tok_", 8), tenant, name,
        scopes.stream().sorted().map(Scope::wire).toList(), now, null, expiresAt);
    tokens.insert(row, hash(token));
    return row;
  }

  public @Nullable TokenRow find(String token) {
    return tokens.byHash(hash(token));
  }

  @Override
  public Principal authenticate(@Nullable String authorization) {
    if (authorization == null || authorization.isBlank()) {
      throw new AuthenticationException("no token: send 'Authorization: Bearer mrd_…' (meridian login stores one)");
    }
    String header = authorization.trim();
    if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new AuthenticationException("the Authorization header must be 'Bearer <token>'");
    }
    String token = header.substring(7).trim();
    if (!SHAPE.matcher(token).matches()) {
      throw new AuthenticationException("that is not a Meridian token (they look like mrd_ and 43 characters)");
    }
    TokenRow row = tokens.byHash(hash(token));
    if (row == null || row.revokedAt() != null) {
      throw new AuthenticationException("the token is unknown or revoked; log in again with a valid token");
    }
    if (row.expiredAt(clock.instant())) {
      throw new AuthenticationException("the token " + row.id() + " expired at " + row.expiresAt()
          + "; ask an admin for a new one (meridian token create) and log in with it");
    }
    return new Principal(row.tenant(), row.id(), scopes(row.scopes()), row.expiresAt());
  }

  static Set<Scope> scopes(List<String> names) {
    Set<Scope> out = EnumSet.noneOf(Scope.class);
    for (String n : names) {
      Scope.parse(n).ifPresent(out::add);
    }
    return out;
  }

  /** Lowercase hex SHA-256 of the token's UTF-8 bytes: what the database keeps. */
  public static String hash(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
