package dev.meridian.control.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The names of tenants' KV namespaces. The data lives in crdt-kv under {@code NamespaceId(tenant,
 * id)}; this table is what makes an id exist (a worker may only bind an existing one).
 */
public final class KvNamespaces {

  public record Namespace(String id, String tenant, String name, Instant createdAt) {}

  private final Database db;

  public KvNamespaces(Database db) {
    this.db = db;
  }

  /** Creates it; {@code false} when the tenant already has a namespace of that name. */
  public boolean create(Namespace ns) {
    return db.transaction(c -> {
      try (PreparedStatement s = c.prepareStatement("INSERT INTO kv_namespaces (tenant, id, name, created_at)"
          + " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
        s.setString(1, ns.tenant());
        s.setString(2, ns.id());
        s.setString(3, ns.name());
        s.setString(4, ns.createdAt().toString());
        return s.executeUpdate() == 1;
      }
    });
  }

  public List<Namespace> list(String tenant) {
    return db.transaction(c -> {
      List<Namespace> out = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement(
          "SELECT id, name, created_at FROM kv_namespaces WHERE tenant = ? ORDER BY name")) {
        s.setString(1, tenant);
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            out.add(new Namespace(rs.getString(1), tenant, rs.getString(2), Instant.parse(rs.getString(3))));
          }
        }
      }
      return out;
    });
  }

  public @Nullable Namespace get(String tenant, String id) {
    return db.transaction(c -> {
      try (PreparedStatement s = c.prepareStatement(
          "SELECT name, created_at FROM kv_namespaces WHERE tenant = ? AND id = ?")) {
        s.setString(1, tenant);
        s.setString(2, id);
        try (ResultSet rs = s.executeQuery()) {
          return rs.next() ? new Namespace(id, tenant, rs.getString(1), Instant.parse(rs.getString(2))) : null;
        }
      }
    });
  }

  public boolean delete(String tenant, String id) {
    return db.transaction(c -> {
      try (PreparedStatement s = c.prepareStatement("DELETE FROM kv_namespaces WHERE tenant = ? AND id = ?")) {
        s.setString(1, tenant);
        s.setString(2, id);
        return s.executeUpdate() == 1;
      }
    });
  }
}
