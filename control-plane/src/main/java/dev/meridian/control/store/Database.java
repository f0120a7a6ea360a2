package dev.meridian.control.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The SQLite database: one connection, used by one thread at a time (a lock, not a pool: SQLite
 * writes are serial anyway and the control plane's load is small), with foreign keys on and WAL
 * journaling. Opening it applies the {@link Migrations} it has not seen yet.
 */
public final class Database implements AutoCloseable {

  /** One unit of work on the connection. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private final Connection connection;
  private final ReentrantLock lock = new ReentrantLock();

  private Database(Connection connection) {
    this.connection = connection;
  }

  public static Database open(Path file) {
    try {
      Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA foreign_keys = ON");
        s.execute("PRAGMA journal_mode = WAL");
        s.execute("PRAGMA busy_timeout = 5000");
      }
      Database db = new Database(c);
      db.migrate();
      return db;
    } catch (SQLException e) {
      throw new StoreException("cannot open the database " + file + ": " + e.getMessage(), e);
    }
  }

  private void migrate() throws SQLException {
    int version;
    try (Statement s = connection.createStatement(); var rs = s.executeQuery("PRAGMA user_version")) {
      version = rs.getInt(1);
    }
    if (version > Migrations.STEPS.size()) {
      throw new SQLException("the database is at schema version " + version + " but this control plane knows "
          + Migrations.STEPS.size() + "; run a newer control plane");
    }
    for (int step = version; step < Migrations.STEPS.size(); step++) {
      List<String> statements = Migrations.STEPS.get(step);
      int next = step + 1;
      transaction(c -> {
        try (Statement s = c.createStatement()) {
          for (String sql : statements) {
            s.execute(sql);
          }
          s.execute("PRAGMA user_version = " + next);
        }
        return null;
      });
    }
  }

  /** Runs {@code work} in one transaction: all of it is committed, or none. */
  public <T> T transaction(Work<T> work) {
    lock.lock();
    try {
      connection.setAutoCommit(false);
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new StoreException("database error: " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      connection.close();
    } catch (SQLException e) {
      throw new StoreException("cannot close the database: " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }
}
