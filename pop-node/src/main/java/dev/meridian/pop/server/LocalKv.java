package dev.meridian.pop.server;

import dev.meridian.kv.KvConfig;
import dev.meridian.kv.KvStore;
import dev.meridian.pop.isolate.WorkerRuntime;
import java.nio.file.Path;
import java.util.List;

/**
 * The KV store of a node that serves workers from disk ({@code meridian dev}, {@code meridian pop}):
 * one node, no Pulsar ({@link KvConfig#singleNode}), its data in {@code .meridian/kv} beside the
 * workers, so that values outlive a restart and stay out of the bundle (which skips {@code
 * .meridian}). Namespaces are opened only when a worker that declares one loads.
 */
final class LocalKv {

  /** Where the data lives, relative to the project (or deployments) directory. */
  static final Path DIRECTORY = Path.of(".meridian", "kv");
  /** The node id of the one replica; no other node ever merges with it. */
  static final int NODE = 1;

  private LocalKv() {}

  /**
   * {@code config} with a single-node store under {@code base} added as the {@link KvStore}
   * service, unless the caller has given one; {@code opened} gets the store this opened (to close
   * with the node), or nothing.
   */
  static WorkerRuntime.Config withStore(WorkerRuntime.Config config, Path base, List<KvStore> opened) {
    if (config.hasService(KvStore.class)) {
      return config;
    }
    KvStore store = KvStore.open(KvConfig.singleNode(NODE, base.resolve(DIRECTORY)));
    opened.add(store);
    return config.withService(KvStore.class, store);
  }
}
