package dev.meridian.control.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.control.store.Tokens.TokenRow;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {

  @TempDir
  Path dir;

  private static int userVersion(Database db) {
    return db.transaction(c -> {
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA user_version")) {
        return rs.getInt(1);
      }
    });
  }

  @Test
  void migratesOnceAndKeepsDataAcrossOpens() {
    Path file = dir.resolve("control.db");
    try (Database db = Database.open(file)) {
      assertEquals(Migrations.STEPS.size(), userVersion(db));
      assertTrue(new Tenants(db).create("acme", Instant.EPOCH));
    }
    try (Database db = Database.open(file)) {
      assertEquals(Migrations.STEPS.size(), userVersion(db));
      assertTrue(new Tenants(db).exists("acme"));
    }
  }

  @Test
  void tokensOfTheSchemaBeforeExpiryNeverExpireAndNewOnesCan() throws Exception {
    Path file = dir.resolve("control.db");
    int beforeExpiry = 2;
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
      for (List<String> step : Migrations.STEPS.subList(0, beforeExpiry)) {
        for (String sql : step) {
          s.execute(sql);
        }
      }
      s.execute("PRAGMA user_version = " + beforeExpiry);
      s.execute("INSERT INTO tenants (name, created_at) VALUES ('acme', '2026-01-01T00:00:00Z')");
      s.execute("INSERT INTO tokens (id, tenant, name, hash, scopes, created_at, revoked_at) "
          + "VALUES ('tok_old', 'acme', 'ci', 'h1', 'tail', '2026-01-01T00:00:00Z', NULL)");
    }
    try (Database db = Database.open(file)) {
      assertEquals(Migrations.STEPS.size(), userVersion(db));
      Tokens tokens = new Tokens(db);
      TokenRow old = tokens.byHash("h1");
      assertEquals("tok_old", old.id());
      assertNull(old.expiresAt(), "a token made before expiry existed keeps never expiring");
      Instant expiry = Instant.parse("2026-02-01T00:00:00Z");
      tokens.insert(new TokenRow("tok_new", "acme", "ci", List.of("tail"), Instant.EPOCH, null, expiry), "h2");
      assertEquals(expiry, tokens.byHash("h2").expiresAt());
    }
  }

  @Test
  void aNewerSchemaIsRefusedWithAClearMessage() {
    Path file = dir.resolve("control.db");
    try (Database db = Database.open(file)) {
      db.transaction(c -> {
        try (Statement s = c.createStatement()) {
          s.execute("PRAGMA user_version = 999");
        }
        return null;
      });
    }
    StoreException e = assertThrows(StoreException.class, () -> Database.open(file));
    assertTrue(e.getMessage().contains("schema version 999") && e.getMessage().contains("newer control plane"),
        e.getMessage());
  }

  @Test
  void aFailedTransactionLeavesNothing() {
    try (Database db = Database.open(dir.resolve("control.db"))) {
      assertThrows(IllegalStateException.class, () -> db.transaction(c -> {
        try (Statement s = c.createStatement()) {
          s.execute("INSERT INTO tenants (name, created_at) VALUES ('half', '1970-01-01T00:00:00Z')");
        }
        throw new IllegalStateException("stop");
      }));
      assertEquals(false, new Tenants(db).exists("half"));
    }
  }
}
