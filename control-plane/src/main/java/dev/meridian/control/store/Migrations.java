package dev.meridian.control.store;

import java.util.List;

/**
 * The schema, as the ordered list of steps that build it. Step {@code n} (1-based) moves a database
 * from {@code PRAGMA user_version = n - 1} to {@code n}; a released step is never edited, a change is
 * a new step.
 */
final class Migrations {

  private Migrations() {}

  static final List<List<String>> STEPS = List.of(
      List.of(
          """
          CREATE TABLE tenants (
            name TEXT PRIMARY KEY,
            created_at TEXT NOT NULL)""",
          """
          CREATE TABLE tokens (
            id TEXT PRIMARY KEY,
            tenant TEXT NOT NULL REFERENCES tenants(name),
            name TEXT NOT NULL,
            hash TEXT NOT NULL UNIQUE,
            scopes TEXT NOT NULL,
            created_at TEXT NOT NULL,
            revoked_at TEXT)""",
          "CREATE INDEX tokens_by_tenant ON tokens(tenant)",
          """
          CREATE TABLE workers (
            tenant TEXT NOT NULL REFERENCES tenants(name),
            name TEXT NOT NULL,
            created_at TEXT NOT NULL,
            PRIMARY KEY (tenant, name))""",
          """
          CREATE TABLE versions (
            id TEXT PRIMARY KEY,
            tenant TEXT NOT NULL,
            worker TEXT NOT NULL,
            number INTEGER NOT NULL,
            bundle TEXT NOT NULL,
            size INTEGER NOT NULL,
            created_at TEXT NOT NULL,
            metadata TEXT NOT NULL,
            UNIQUE (tenant, worker, number),
            FOREIGN KEY (tenant, worker) REFERENCES workers(tenant, name) ON DELETE CASCADE)""",
          "CREATE INDEX versions_by_bundle ON versions(bundle)",
          // The route patterns of every stored version: a hostname belongs to the tenant that has it.
          """
          CREATE TABLE routes (
            version TEXT NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
            tenant TEXT NOT NULL,
            pattern TEXT NOT NULL)""",
          """
          CREATE TABLE deployments (
            tenant TEXT NOT NULL,
            worker TEXT NOT NULL,
            revision INTEGER NOT NULL,
            releases TEXT NOT NULL,
            pinned INTEGER NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (tenant, worker),
            FOREIGN KEY (tenant, worker) REFERENCES workers(tenant, name) ON DELETE CASCADE)""",
          // Outlives the worker: a worker deleted and made again keeps counting up, so PoPs that
          // ignore stale revisions never mistake its new manifests for old ones.
          """
          CREATE TABLE revisions (
            tenant TEXT NOT NULL,
            worker TEXT NOT NULL,
            revision INTEGER NOT NULL,
            PRIMARY KEY (tenant, worker))""",
          """
          CREATE TABLE secrets (
            tenant TEXT NOT NULL,
            worker TEXT NOT NULL,
            name TEXT NOT NULL,
            sealed TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (tenant, worker, name),
            FOREIGN KEY (tenant, worker) REFERENCES workers(tenant, name) ON DELETE CASCADE)""",
          """
          CREATE TABLE kv_namespaces (
            tenant TEXT NOT NULL REFERENCES tenants(name),
            id TEXT NOT NULL,
            name TEXT NOT NULL,
            created_at TEXT NOT NULL,
            PRIMARY KEY (tenant, id),
            UNIQUE (tenant, name))"""),
      // Every deployment a worker had, for `meridian deployments` and a rollback to the one before.
      List.of(
          """
          CREATE TABLE deployment_history (
            tenant TEXT NOT NULL,
            worker TEXT NOT NULL,
            revision INTEGER NOT NULL,
            releases TEXT NOT NULL,
            pinned INTEGER NOT NULL,
            created_at TEXT NOT NULL,
            PRIMARY KEY (tenant, worker, revision),
            FOREIGN KEY (tenant, worker) REFERENCES workers(tenant, name) ON DELETE CASCADE)"""),
      // Tokens that expire; NULL (every token made before this step) never does.
      List.of("ALTER TABLE tokens ADD COLUMN expires_at TEXT"));
}
