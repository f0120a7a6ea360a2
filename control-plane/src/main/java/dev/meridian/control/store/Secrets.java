package dev.meridian.control.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A worker's secrets, stored sealed (the caller seals them; plaintext never reaches this table). */
public final class Secrets {

  public record SecretName(String name, Instant updatedAt) {}

  private final Database db;

  public Secrets(Database db) {
    this.db = db;
  }

  public void put(String tenant, String worker, String name, String sealed, Instant now) {
    db.transaction(c -> {
      try (PreparedStatement s = c.prepareStatement("INSERT INTO secrets (tenant, worker, name, sealed, updated_at)"
          + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (tenant, worker, name) DO UPDATE SET"
          + " sealed = excluded.sealed, updated_at = excluded.updated_at")) {
        s.setString(1, tenant);
        s.setString(2, worker);
        s.setString(3, name);
        s.setString(4, sealed);
        s.setString(5, now.toString());
        s.executeUpdate();
      }
      return null;
    });
  }

  public boolean delete(String tenant, String worker, String name) {
    return db.transaction(c -> {
      try (PreparedStatement s = c.prepareStatement(
          "DELETE FROM secrets WHERE tenant = ? AND worker = ? AND name = ?")) {
        s.setString(1, tenant);
        s.setString(2, worker);
        s.setString(3, name);
        return s.executeUpdate() == 1;
      }
    });
  }

  public List<SecretName> names(String tenant, String worker) {
    return db.transaction(c -> {
      List<SecretName> out = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement(
          "SELECT name, updated_at FROM secrets WHERE tenant = ? AND worker = ? ORDER BY name")) {
        s.setString(1, tenant);
        s.setString(2, worker);
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            out.add(new SecretName(rs.getString(1), Instant.parse(rs.getString(2))));
          }
        }
      }
      return out;
    });
  }

  /** Name → sealed value, for the manifest. */
  public Map<String, String> sealed(String tenant, String worker) {
    return db.transaction(c -> {
      Map<String, String> out = new LinkedHashMap<>();
      try (PreparedStatement s = c.prepareStatement(
          "SELECT name, sealed FROM secrets WHERE tenant = ? AND worker = ? ORDER BY name")) {
        s.setString(1, tenant);
        s.setString(2, worker);
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            out.put(rs.getString(1), rs.getString(2));
          }
        }
      }
      return out;
    });
  }
}
