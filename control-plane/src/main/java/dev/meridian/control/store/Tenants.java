package dev.meridian.control.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The tenants table. */
public final class Tenants {

  /** One tenant: the owner of workers, tokens and namespaces. */
  public record Tenant(String name, Instant createdAt) {}

  private final Database db;

  public Tenants(Database db) {
    this.db = db;
  }

  /** Creates {@code name}; {@code false} when it already exists. */
  public boolean create(String name, Instant now) {
    return db.transaction(c -> {
      try (PreparedStatement s = c.prepareStatement(
          "INSERT INTO tenants (name, created_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING")) {
        s.setString(1, name);
        s.setString(2, now.toString());
        return s.executeUpdate() == 1;
      }
    });
  }

  public boolean exists(String name) {
    return db.transaction(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM tenants WHERE name = ?")) {
        s.setString(1, name);
        try (ResultSet rs = s.executeQuery()) {
          return rs.next();
        }
      }
    });
  }

  public List<Tenant> list() {
    return db.transaction(c -> {
      List<Tenant> out = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement("SELECT name, created_at FROM tenants ORDER BY name");
          ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(new Tenant(rs.getString(1), Instant.parse(rs.getString(2))));
        }
      }
      return out;
    });
  }
}
