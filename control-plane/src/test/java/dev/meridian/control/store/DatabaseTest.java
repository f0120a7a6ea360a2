package dev.meridian.control.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
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
