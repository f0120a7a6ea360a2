package dev.meridian.control.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The tokens table: only each token's SHA-256 is stored, never the token. */
public final class Tokens {

  /**
   * A token as stored.
   *
   * @param scopes the scope names, as granted
   * @param revokedAt when it was revoked, or {@code null} while it is valid
   * @param expiresAt the first instant it is refused at, or {@code null}: it never expires
   */
  public record TokenRow(String id, String tenant, String name, List<String> scopes, Instant createdAt,
      @Nullable Instant revokedAt, @Nullable Instant expiresAt) {

    /** Whether it has expired at {@code now}: an expiring token is valid strictly before its expiry. */
    public boolean expiredAt(Instant now) {
      return expiresAt != null && !now.isBefore(expiresAt);
    }
  }

  private static final String COLUMNS = "id, tenant, name, scopes, created_at, revoked_at, expires_at";

  private final Database db;

  public Tokens(Database db) {
    this.db = db;
  }

  public void insert(TokenRow token, String hash) {
    db.transaction(c -> {
      try (PreparedStatement s = c.prepareStatement("INSERT INTO tokens (" + COLUMNS
          + ", hash) VALUES (?, ?, ?, ?, ?, NULL, ?, ?)")) {
        s.setString(1, token.id());
        s.setString(2, token.tenant());
        s.setString(3, token.name());
        s.setString(4, String.join(" ", token.scopes()));
        s.setString(5, token.createdAt().toString());
        s.setString(6, token.expiresAt() == null ? null : token.expiresAt().toString());
        s.setString(7, hash);
        s.executeUpdate();
      }
      return null;
    });
  }

  /** The token with this hash, revoked or not; {@code null} when none has it. */
  public @Nullable TokenRow byHash(String hash) {
    return db.transaction(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM tokens WHERE hash = ?")) {
        s.setString(1, hash);
        try (ResultSet rs = s.executeQuery()) {
          return rs.next() ? row(rs) : null;
        }
      }
    });
  }

  public List<TokenRow> list(String tenant) {
    return db.transaction(c -> {
      List<TokenRow> out = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS
          + " FROM tokens WHERE tenant = ? ORDER BY created_at, id")) {
        s.setString(1, tenant);
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            out.add(row(rs));
          }
        }
      }
      return out;
    });
  }

  /** Revokes the tenant's token {@code id}; {@code false} when the tenant has no such token. */
  public boolean revoke(String tenant, String id, Instant now) {
    return db.transaction(c -> {
      try (PreparedStatement s = c.prepareStatement(
          "UPDATE tokens SET revoked_at = coalesce(revoked_at, ?) WHERE tenant = ? AND id = ?")) {
        s.setString(1, now.toString());
        s.setString(2, tenant);
        s.setString(3, id);
        return s.executeUpdate() == 1;
      }
    });
  }

  private static TokenRow row(ResultSet rs) throws SQLException {
    String scopes = rs.getString(4);
    return new TokenRow(rs.getString(1), rs.getString(2), rs.getString(3),
        scopes.isEmpty() ? List.of() : List.of(scopes.split(" ")), Instant.parse(rs.getString(5)),
        instant(rs.getString(6)), instant(rs.getString(7)));
  }

  private static @Nullable Instant instant(@Nullable String stored) {
    return stored == null ? null : Instant.parse(stored);
  }
}
