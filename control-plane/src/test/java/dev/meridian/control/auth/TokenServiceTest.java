package dev.meridian.control.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.control.store.Database;
import dev.meridian.control.store.Tenants;
import dev.meridian.control.store.Tokens;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Expiry, checked against the clock each service is given: one service per instant, one database. */
class TokenServiceTest {

  private static final Instant MINTED = Instant.parse("2026-03-01T12:00:00.250Z");

  @TempDir
  Path dir;
  Database db;
  Tokens tokens;

  @BeforeEach
  void open() {
    db = Database.open(dir.resolve("control.db"));
    new Tenants(db).create("acme", MINTED);
    tokens = new Tokens(db);
  }

  @AfterEach
  void close() {
    db.close();
  }

  private TokenService at(Instant now) {
    return new TokenService(tokens, Clock.fixed(now, ZoneOffset.UTC));
  }

  private static String bearer(TokenService.Minted minted) {
    return "Bearer " + minted.token();
  }

  @Test
  void anExpiringTokenWorksUntilItsExpiryAndIsThenRefusedSayingWhen() {
    TokenService.Minted minted = at(MINTED).mint("acme", "ci", Set.of(Scope.TAIL), MINTED, Duration.ofHours(1));
    Instant expiry = Instant.parse("2026-03-01T13:00:00Z");
    assertEquals(expiry, minted.row().expiresAt(), "whole seconds, never later than asked");

    assertEquals("acme", at(expiry.minusMillis(1)).authenticate(bearer(minted)).tenant());
    AuthenticationException e = assertThrows(AuthenticationException.class,
        () -> at(expiry).authenticate(bearer(minted)));
    assertTrue(e.getMessage().contains("expired at 2026-03-01T13:00:00Z"), e.getMessage());
    assertTrue(e.getMessage().contains(minted.row().id()), e.getMessage());
    assertFalse(e.getMessage().contains("revoked"), "not confused with an unknown token: " + e.getMessage());
  }

  @Test
  void aTokenWithoutALifetimeNeverExpires() {
    TokenService.Minted node = at(MINTED).mint("acme", "ams-1", Set.of(Scope.NODE), MINTED, null);
    assertNull(node.row().expiresAt());
    assertEquals(node.row().id(), at(MINTED.plus(Duration.ofDays(365 * 100))).authenticate(bearer(node)).tokenId());
  }

  @Test
  void aRevokedTokenIsRefusedAsRevokedEvenOnceExpired() {
    TokenService.Minted minted = at(MINTED).mint("acme", "ci", Set.of(Scope.TAIL), MINTED, Duration.ofMinutes(5));
    tokens.revoke("acme", minted.row().id(), MINTED);
    AuthenticationException e = assertThrows(AuthenticationException.class,
        () -> at(MINTED.plus(Duration.ofDays(1))).authenticate(bearer(minted)));
    assertTrue(e.getMessage().contains("unknown or revoked"), e.getMessage());
  }

  @Test
  void aLifetimeMustBePositiveAndAtMostTheMaximum() {
    TokenService service = at(MINTED);
    for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofSeconds(-1), TokenService.MAX_LIFETIME.plusSeconds(1)}) {
      assertThrows(IllegalArgumentException.class,
          () -> service.mint("acme", "ci", Set.of(Scope.TAIL), MINTED, bad), bad::toString);
    }
    Instant expiry = service.mint("acme", "ci", Set.of(Scope.TAIL), MINTED, TokenService.MAX_LIFETIME).row().expiresAt();
    assertEquals(Instant.parse("2027-03-01T12:00:00Z"), expiry);
  }
}
