package dev.meridian.control.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Workers, their immutable versions and the route patterns each version claims. A worker exists
 * from its first version on; deleting it deletes its versions, deployment and secrets (the bundles
 * stay in the registry, which is content-addressed and shared).
 */
public final class Workers {

  public record Worker(String tenant, String name, Instant createdAt) {}

  /**
   * One uploaded version.
   *
   * @param number 1, 2, 3… per worker, in upload order
   * @param bundle the SHA-256 of the encoded bundle, its key in the registry
   * @param metadata the bundle's metadata as JSON
   */
  public record Version(String id, String tenant, String worker, int number, String bundle, long size,
      Instant createdAt, String metadata) {}

  /** A route pattern some version of {@code tenant} has. */
  public record ClaimedRoute(String tenant, String worker, String pattern) {}

  /** Runs inside the upload's transaction, so no other upload can claim a hostname meanwhile. */
  @FunctionalInterface
  public interface RouteCheck {
    void check(List<ClaimedRoute> otherTenants);
  }

  private static final String VERSION_COLUMNS = "id, tenant, worker, number, bundle, size, created_at, metadata";

  private final Database db;

  public Workers(Database db) {
    this.db = db;
  }

  public List<Worker> list(String tenant) {
    return db.transaction(c -> {
      List<Worker> out = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement(
          "SELECT name, created_at FROM workers WHERE tenant = ? ORDER BY name")) {
        s.setString(1, tenant);
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            out.add(new Worker(tenant, rs.getString(1), Instant.parse(rs.getString(2))));
          }
        }
      }
      return out;
    });
  }

  public @Nullable Worker get(String tenant, String name) {
    return db.transaction(c -> {
      try (PreparedStatement s = c.prepareStatement(
          "SELECT created_at FROM workers WHERE tenant = ? AND name = ?")) {
        s.setString(1, tenant);
        s.setString(2, name);
        try (ResultSet rs = s.executeQuery()) {
          return rs.next() ? new Worker(tenant, name, Instant.parse(rs.getString(1))) : null;
        }
      }
    });
  }

  public boolean delete(String tenant, String name) {
    return db.transaction(c -> {
      try (PreparedStatement s = c.prepareStatement("DELETE FROM workers WHERE tenant = ? AND name = ?")) {
        s.setString(1, tenant);
        s.setString(2, name);
        return s.executeUpdate() == 1;
      }
    });
  }

  /**
   * Stores a new version (making the worker on its first one) with the next number, after {@code
   * check} accepted its routes against every other tenant's.
   */
  public Version addVersion(String tenant, String worker, String bundle, long size, String metadata,
      List<String> routes, Instant now, RouteCheck check) {
    return db.transaction(c -> {
      check.check(otherTenantsRoutes(c, tenant));
      try (PreparedStatement s = c.prepareStatement("INSERT INTO workers (tenant, name, created_at)"
          + " VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
        s.setString(1, tenant);
        s.setString(2, worker);
        s.setString(3, now.toString());
        s.executeUpdate();
      }
      int number;
      try (PreparedStatement s = c.prepareStatement(
          "SELECT coalesce(max(number), 0) + 1 FROM versions WHERE tenant = ? AND worker = ?")) {
        s.setString(1, tenant);
        s.setString(2, worker);
        try (ResultSet rs = s.executeQuery()) {
          number = rs.getInt(1);
        }
      }
      Version v = new Version(Ids.random("v", 6), tenant, worker, number, bundle, size, now, metadata);
      try (PreparedStatement s = c.prepareStatement("INSERT INTO versions (" + VERSION_COLUMNS
          + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
        s.setString(1, v.id());
        s.setString(2, tenant);
        s.setString(3, worker);
        s.setInt(4, number);
        s.setString(5, bundle);
        s.setLong(6, size);
        s.setString(7, now.toString());
        s.setString(8, metadata);
        s.executeUpdate();
      }
      try (PreparedStatement s = c.prepareStatement("INSERT INTO routes (version, tenant, pattern) VALUES (?, ?, ?)")) {
        for (String route : routes) {
          s.setString(1, v.id());
          s.setString(2, tenant);
          s.setString(3, route);
          s.executeUpdate();
        }
      }
      return v;
    });
  }

  private static List<ClaimedRoute> otherTenantsRoutes(Connection c, String tenant) throws SQLException {
    List<ClaimedRoute> out = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement("SELECT r.tenant, v.worker, r.pattern FROM routes r"
        + " JOIN versions v ON v.id = r.version WHERE r.tenant <> ?")) {
      s.setString(1, tenant);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(new ClaimedRoute(rs.getString(1), rs.getString(2), rs.getString(3)));
        }
      }
    }
    return out;
  }

  /** The worker's versions, newest first. */
  public List<Version> versions(String tenant, String worker) {
    return db.transaction(c -> {
      List<Version> out = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement("SELECT " + VERSION_COLUMNS
          + " FROM versions WHERE tenant = ? AND worker = ? ORDER BY number DESC")) {
        s.setString(1, tenant);
        s.setString(2, worker);
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            out.add(version(rs));
          }
        }
      }
      return out;
    });
  }

  /** The worker's version {@code id}, or {@code null}. */
  public @Nullable Version version(String tenant, String worker, String id) {
    return db.transaction(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT " + VERSION_COLUMNS
          + " FROM versions WHERE tenant = ? AND worker = ? AND id = ?")) {
        s.setString(1, tenant);
        s.setString(2, worker);
        s.setString(3, id);
        try (ResultSet rs = s.executeQuery()) {
          return rs.next() ? version(rs) : null;
        }
      }
    });
  }

  /** The route patterns of a version, in upload order. */
  public List<String> routes(String versionId) {
    return db.transaction(c -> {
      List<String> out = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement("SELECT pattern FROM routes WHERE version = ? ORDER BY rowid")) {
        s.setString(1, versionId);
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            out.add(rs.getString(1));
          }
        }
      }
      return out;
    });
  }

  /** Whether some version of {@code tenant} is the bundle {@code hash}. */
  public boolean tenantHasBundle(String tenant, String hash) {
    return db.transaction(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM versions WHERE tenant = ? AND bundle = ? LIMIT 1")) {
        s.setString(1, tenant);
        s.setString(2, hash);
        try (ResultSet rs = s.executeQuery()) {
          return rs.next();
        }
      }
    });
  }

  private static Version version(ResultSet rs) throws SQLException {
    return new Version(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5),
        rs.getLong(6), Instant.parse(rs.getString(7)), rs.getString(8));
  }
}
