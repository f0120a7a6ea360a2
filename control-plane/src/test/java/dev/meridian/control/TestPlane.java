package dev.meridian.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meridian.bundles.Bundle;
import dev.meridian.bundles.BundleException;
import dev.meridian.bundles.WorkerMetadata;
import dev.meridian.bundles.feed.FileKeyedFeed;
import dev.meridian.bundles.tail.LocalLogTail;
import dev.meridian.kv.KvConfig;
import dev.meridian.kv.KvStore;
import dev.meridian.kv.store.FsyncPolicy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A real control plane in a temporary directory, with a {@link FileKeyedFeed} for manifests and a
 * {@link LocalLogTail}, and clients for it.
 */
final class TestPlane implements AutoCloseable {

  final Path dir;
  final FileKeyedFeed feed;
  final LocalLogTail tail = new LocalLogTail();
  final ControlPlane plane;
  final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  /** The bootstrap admin of tenant "default". */
  final Api admin;

  private TestPlane(Path dir, UnaryOperator<ControlPlane.Config> config) throws IOException, InterruptedException {
    this.dir = dir;
    this.feed = new FileKeyedFeed(dir.resolve("feed"));
    this.plane = ControlPlane.start(config.apply(ControlPlane.Config.of(dir.resolve("data"), feed, tail)));
    this.admin = api(plane.adminToken());
  }

  static TestPlane start(Path dir) throws IOException, InterruptedException {
    return new TestPlane(dir, c -> c);
  }

  static TestPlane start(Path dir, UnaryOperator<ControlPlane.Config> config) throws IOException, InterruptedException {
    return new TestPlane(dir, config);
  }

  Path dataDir() {
    return dir.resolve("data");
  }

  Api api(String token) {
    return new Api(client, URI.create("http://127.0.0.1:" + plane.port()), token);
  }

  /** Makes the tenant (if needed) and a token of it with {@code scopes}; returns a client with it. */
  Api tenant(String tenant, String... scopes) {
    Api.Response t = admin.postJson("/v1/tenants", Map.of("name", tenant));
    if (t.status() != 201 && t.status() != 409) {
      throw new AssertionError("cannot create tenant " + tenant + ": " + t);
    }
    return api(token(tenant, scopes));
  }

  String token(String tenant, String... scopes) {
    Api.Response r = admin.postJson("/v1/tokens", Map.of("name", "test", "scopes", List.of(scopes), "tenant", tenant));
    assertEquals(201, r.status(), r::toString);
    return r.json().get("token").asText();
  }

  static final String[] ALL_SCOPES = {"admin", "workers:read", "workers:write", "secrets:write", "kv:read",
      "kv:write", "tail", "node"};

  /** An encoded bundle of worker {@code name} with one module, its metadata adjusted by {@code meta}. */
  static byte[] bundle(String name, UnaryOperator<WorkerMetadata> meta) {
    return bundle(name, meta, "export default { fetch() { return new Response('" + name + "'); } };");
  }

  static byte[] bundle(String name, UnaryOperator<WorkerMetadata> meta, String source) {
    try {
      return Bundle.of(meta.apply(WorkerMetadata.of(name, "index.js")),
          Map.of("index.js", source.getBytes(StandardCharsets.UTF_8))).encode();
    } catch (BundleException e) {
      throw new AssertionError(e);
    }
  }

  /** Uploads a bundle; asserts 201; returns the version id. */
  static String upload(Api api, String worker, byte[] bundle) {
    Api.Response r = api.send("POST", "/v1/workers/" + worker + "/versions", "application/zip", bundle);
    assertEquals(201, r.status(), r::toString);
    return r.json().get("id").asText();
  }

  /** Deploys {@code version} at 100 %; asserts 200. */
  static void deploy(Api api, String worker, String version) {
    Api.Response r = api.putJson("/v1/workers/" + worker + "/deployment",
        Map.of("releases", List.of(Map.of("version", version, "percent", 100))));
    assertEquals(200, r.status(), r::toString);
  }

  /**
   * A single-node KV store under {@code dir}. Fsync on every write: with the default interval
   * fsync, {@code KvStore.close()} can interrupt a sync in progress, which closes the log's channel
   * and fails the close (a crdt-kv race, reported).
   */
  static KvStore kv(Path dir) {
    return KvStore.open(KvConfig.singleNode(1, dir).withFsync(FsyncPolicy.always()));
  }

  @Override
  public void close() {
    plane.close();
    feed.close();
    client.close();
  }
}
