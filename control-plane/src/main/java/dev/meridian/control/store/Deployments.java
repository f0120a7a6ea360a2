package dev.meridian.control.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Which versions of a worker serve, and with what share. Every change takes the next revision of
 * the worker, so the manifest PoPs receive can be ordered.
 */
public final class Deployments {

  /** A version and its share of the traffic, in percent. */
  public record ReleaseRow(String version, int percent) {}

  public record Deployment(String tenant, String worker, long revision, List<ReleaseRow> releases,
      boolean pinned, Instant updatedAt) {}

  private final Database db;

  public Deployments(Database db) {
    this.db = db;
  }

  public @Nullable Deployment get(String tenant, String worker) {
    return db.transaction(c -> read(c, tenant, worker));
  }

  /** Replaces the deployment, under the next revision. */
  public Deployment put(String tenant, String worker, List<ReleaseRow> releases, boolean pinned, Instant now) {
    return db.transaction(c -> {
      Deployment d = write(c, tenant, worker, releases, pinned, now);
      try (PreparedStatement s = c.prepareStatement("INSERT INTO deployment_history"
          + " (tenant, worker, revision, releases, pinned, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
        s.setString(1, tenant);
        s.setString(2, worker);
        s.setLong(3, d.revision());
        s.setString(4, encode(releases));
        s.setInt(5, pinned ? 1 : 0);
        s.setString(6, now.toString());
        s.executeUpdate();
      }
      return d;
    });
  }

  /** The worker's deployments, newest first, at most {@code limit} (a secret change is not one). */
  public List<Deployment> history(String tenant, String worker, int limit) {
    return db.transaction(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT revision, releases, pinned, created_at"
          + " FROM deployment_history WHERE tenant = ? AND worker = ? ORDER BY revision DESC LIMIT ?")) {
        s.setString(1, tenant);
        s.setString(2, worker);
        s.setInt(3, limit);
        List<Deployment> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            out.add(new Deployment(tenant, worker, rs.getLong(1), decode(rs.getString(2)), rs.getInt(3) == 1,
                Instant.parse(rs.getString(4))));
          }
        }
        return out;
      }
    });
  }

  /**
   * Gives the deployment the next revision without changing it (a secret changed, so the manifest
   * must be published again); {@code null} when the worker has no deployment.
   */
  public @Nullable Deployment touch(String tenant, String worker, Instant now) {
    return db.transaction(c -> {
      Deployment d = read(c, tenant, worker);
      return d == null ? null : write(c, tenant, worker, d.releases(), d.pinned(), now);
    });
  }

  private static Deployment write(Connection c, String tenant, String worker, List<ReleaseRow> releases,
      boolean pinned, Instant now) throws SQLException {
    long revision;
    try (PreparedStatement s = c.prepareStatement("INSERT INTO revisions (tenant, worker, revision) VALUES (?, ?, 1)"
        + " ON CONFLICT (tenant, worker) DO UPDATE SET revision = revision + 1 RETURNING revision")) {
      s.setString(1, tenant);
      s.setString(2, worker);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        revision = rs.getLong(1);
      }
    }
    String encoded = encode(releases);
    try (PreparedStatement s = c.prepareStatement("INSERT INTO deployments"
        + " (tenant, worker, revision, releases, pinned, updated_at) VALUES (?, ?, ?, ?, ?, ?)"
        + " ON CONFLICT (tenant, worker) DO UPDATE SET revision = excluded.revision,"
        + " releases = excluded.releases, pinned = excluded.pinned, updated_at = excluded.updated_at")) {
      s.setString(1, tenant);
      s.setString(2, worker);
      s.setLong(3, revision);
      s.setString(4, encoded);
      s.setInt(5, pinned ? 1 : 0);
      s.setString(6, now.toString());
      s.executeUpdate();
    }
    return new Deployment(tenant, worker, revision, List.copyOf(releases), pinned, now);
  }

  private static @Nullable Deployment read(Connection c, String tenant, String worker) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT revision, releases, pinned, updated_at FROM deployments"
        + " WHERE tenant = ? AND worker = ?")) {
      s.setString(1, tenant);
      s.setString(2, worker);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        return new Deployment(tenant, worker, rs.getLong(1), decode(rs.getString(2)), rs.getInt(3) == 1,
            Instant.parse(rs.getString(4)));
      }
    }
  }

  private static String encode(List<ReleaseRow> releases) {
    return releases.stream().map(r -> r.version() + ":" + r.percent()).collect(Collectors.joining(" "));
  }

  private static List<ReleaseRow> decode(String encoded) {
    List<ReleaseRow> releases = new ArrayList<>();
    for (String r : encoded.split(" ")) {
      int colon = r.lastIndexOf(':');
      releases.add(new ReleaseRow(r.substring(0, colon), Integer.parseInt(r.substring(colon + 1))));
    }
    return releases;
  }
}
