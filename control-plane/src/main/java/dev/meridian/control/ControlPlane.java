package dev.meridian.control;

import dev.meridian.bundles.Bundle;
import dev.meridian.bundles.feed.KeyedFeed;
import dev.meridian.bundles.manifest.ManifestFeed;
import dev.meridian.bundles.secrets.Sealer;
import dev.meridian.bundles.store.BundleStore;
import dev.meridian.bundles.store.FileBundleStore;
import dev.meridian.bundles.tail.LogTail;
import dev.meridian.control.api.ApiRoutes;
import dev.meridian.control.auth.AdminTokenFile;
import dev.meridian.control.auth.Principal;
import dev.meridian.control.auth.TokenService;
import dev.meridian.control.http.ApiLimits;
import dev.meridian.control.http.ApiServer;
import dev.meridian.control.http.Route;
import dev.meridian.control.http.Router;
import dev.meridian.control.store.Database;
import dev.meridian.control.store.Tenants;
import dev.meridian.control.store.Tokens;
import dev.meridian.kv.KvNamespace;
import dev.meridian.kv.KvStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running control plane: the tenants' API on HTTP/1.1, its SQLite store ({@code DIR/control.db}),
 * the bundle registry ({@code DIR/bundles}), the secrets key ({@code DIR/secret.key}) and the
 * bootstrap admin token ({@code DIR/admin-token}). Manifests go out on the configured feed; the feed,
 * the log tail and the KV store belong to the caller, who closes them after {@link #close()}.
 */
public final class ControlPlane implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ControlPlane.class);

  /** Under the data directory: the SQLite database. */
  public static final String DATABASE_FILE = "control.db";
  /** Under the data directory: the registry ({@link FileBundleStore}). */
  public static final String BUNDLES_DIR = "bundles";
  /** Under the data directory: the {@link Sealer} key; a PoP opening secrets needs the same file. */
  public static final String SECRET_KEY_FILE = "secret.key";

  /**
   * How to run a control plane.
   *
   * @param dataDir where the database, registry, key and admin token live (created if missing)
   * @param host the address the API binds
   * @param port the API port; 0 picks a free one ({@link ControlPlane#port()} says which)
   * @param manifests the feed deployments are published on, keyed by {@code tenant/worker}
   * @param logTail where PoPs publish workers' logs; {@code GET /v1/workers/{name}/tail} reads it
   * @param kvStore the KV store behind the kv value endpoints, or {@code null}: they answer 503
   * @param maxBundleBytes the largest bundle the registry accepts (default {@link Bundle#MAX_BYTES})
   * @param clock the time stamped on objects and that token expiries are checked against
   */
  public record Config(Path dataDir, String host, int port, KeyedFeed manifests, LogTail logTail,
      @Nullable KvStore kvStore, int maxBundleBytes, Clock clock) {

    /** Loopback only by default: the API holds every tenant's secrets, expose it deliberately. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    public Config {
      Objects.requireNonNull(dataDir, "dataDir");
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(manifests, "manifests");
      Objects.requireNonNull(logTail, "logTail");
      Objects.requireNonNull(clock, "clock");
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0 to 65535, was " + port);
      }
      if (maxBundleBytes < 1024 || maxBundleBytes > Bundle.MAX_BYTES) {
        throw new IllegalArgumentException("maxBundleBytes must be 1024 to " + Bundle.MAX_BYTES + ", was " + maxBundleBytes);
      }
    }

    /** Loopback, an ephemeral port, no KV store, the largest bundles, the system clock. */
    public static Config of(Path dataDir, KeyedFeed manifests, LogTail logTail) {
      return new Config(dataDir, DEFAULT_HOST, 0, manifests, logTail, null, Bundle.MAX_BYTES, Clock.systemUTC());
    }

    public Config withAddress(String newHost, int newPort) {
      return new Config(dataDir, newHost, newPort, manifests, logTail, kvStore, maxBundleBytes, clock);
    }

    public Config withKvStore(@Nullable KvStore store) {
      return new Config(dataDir, host, port, manifests, logTail, store, maxBundleBytes, clock);
    }

    public Config withMaxBundleBytes(int bytes) {
      return new Config(dataDir, host, port, manifests, logTail, kvStore, bytes, clock);
    }

    public Config withClock(Clock newClock) {
      return new Config(dataDir, host, port, manifests, logTail, kvStore, maxBundleBytes, newClock);
    }
  }

  private final Database db;
  private final Router router;
  private final ApiServer server;
  private final String adminToken;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final BundleStore registry;

  private ControlPlane(Database db, Router router, ApiServer server, String adminToken, BundleStore registry) {
    this.db = db;
    this.registry = registry;
    this.router = router;
    this.server = server;
    this.adminToken = adminToken;
  }

  /** Opens (or creates) the data directory and serves the API. */
  public static ControlPlane start(Config config) throws IOException {
    Path dir = Files.createDirectories(config.dataDir());
    Database db = Database.open(dir.resolve(DATABASE_FILE));
    try {
      new Tenants(db).create(Principal.OPERATOR_TENANT, config.clock().instant());
      TokenService tokens = new TokenService(new Tokens(db), config.clock());
      String adminToken = AdminTokenFile.ensure(dir, tokens, config.clock().instant());
      BundleStore registry = new FileBundleStore(dir.resolve(BUNDLES_DIR), config.maxBundleBytes());
      List<Route> routes = ApiRoutes.all(db, tokens, registry, config.maxBundleBytes(),
          new ManifestFeed(config.manifests()), config.logTail(), new Sealer(dir.resolve(SECRET_KEY_FILE)),
          config.kvStore(), config.clock());
      Router router = new Router(routes, tokens);
      // The body limit fits the largest body either a bundle or a KV value can be.
      ApiLimits limits = new ApiLimits(ApiLimits.DEFAULT_MAX_REQUEST_LINE, ApiLimits.DEFAULT_MAX_HEADER_BYTES,
          Math.max(config.maxBundleBytes(), KvNamespace.DEFAULT_MAX_VALUE_BYTES), ApiLimits.DEFAULT_IDLE_TIMEOUT);
      ApiServer server = ApiServer.start(config.host(), config.port(), limits, router);
      LOG.info("event=control_plane_started address={}:{} data={}", config.host(), server.port(), dir);
      return new ControlPlane(db, router, server, adminToken, registry);
    } catch (IOException | RuntimeException e) {
      db.close();
      throw e;
    }
  }

  public int port() {
    return server.port();
  }

  /** The bootstrap admin token (also in {@code DIR/admin-token}). */
  public String adminToken() {
    return adminToken;
  }

  /**
   * The registry: an in-process PoP (the all-in-one server) can read bundles from it directly, as a
   * {@code BundleSource}, instead of over HTTP.
   */
  public BundleStore registry() {
    return registry;
  }

  /** Every route served, for documentation checks. */
  public List<Route> routes() {
    return router.routes();
  }

  /** Stops serving (ending open tails) and closes the database; a second call does nothing. */
  @Override
  public void close() {
    if (closed.getAndSet(true)) {
      return;
    }
    server.close();
    db.close();
  }
}
