package dev.meridian.cli;

import dev.meridian.bundles.feed.FileKeyedFeed;
import dev.meridian.bundles.feed.KeyedFeed;
import dev.meridian.bundles.feed.PulsarKeyedFeed;
import dev.meridian.bundles.tail.LocalLogTail;
import dev.meridian.bundles.tail.LogTail;
import dev.meridian.bundles.tail.PulsarLogTail;
import dev.meridian.kv.KvConfig;
import dev.meridian.kv.KvStore;
import dev.meridian.kv.replication.PulsarTransport;
import dev.meridian.kv.replication.ReplicationConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;
import org.jspecify.annotations.Nullable;

/**
 * What ties Meridian's roles together: the keyed feeds (deployments, PoP health), the live log tail
 * and KV replication. One node on its own keeps them in-process and under its data directory; nodes
 * of a network share them over Apache Pulsar. Feeds and the tail opened here are closed with it.
 */
final class Backbone implements AutoCloseable {

  static final String TOPIC_PREFIX = "persistent://public/default/meridian-";

  private final @Nullable PulsarClient pulsar;
  private final @Nullable Path directory;
  private final LogTail tail;
  private final List<AutoCloseable> opened = new ArrayList<>();

  private Backbone(@Nullable PulsarClient pulsar, @Nullable Path directory, LogTail tail) {
    this.pulsar = pulsar;
    this.directory = directory;
    this.tail = tail;
  }

  /** Everything in this process, feeds persisted under {@code dir/feeds}. */
  static Backbone embedded(Path dir) {
    return new Backbone(null, dir.resolve("feeds"), new LocalLogTail());
  }

  /** Everything over the Pulsar broker at {@code serviceUrl} ({@code pulsar://host:6650}). */
  static Backbone pulsar(String serviceUrl) throws PulsarClientException {
    PulsarClient client = PulsarClient.builder().serviceUrl(serviceUrl).build();
    return new Backbone(client, null, new PulsarLogTail(client));
  }

  boolean distributed() {
    return pulsar != null;
  }

  /** The keyed feed called {@code name} (a compacted topic, or a directory). */
  KeyedFeed feed(String name) throws IOException {
    KeyedFeed feed = pulsar != null ? new PulsarKeyedFeed(pulsar, TOPIC_PREFIX + name)
        : new FileKeyedFeed(directory.resolve(name));
    opened.add(feed);
    return feed;
  }

  LogTail tail() {
    return tail;
  }

  /**
   * A KV store under {@code dir}: a single replica when everything is in-process; node {@code node}
   * of {@code members} replicating over Pulsar otherwise.
   */
  KvStore kvStore(Path dir, int node, Set<Integer> members) {
    KvConfig config = KvConfig.singleNode(node, dir);
    if (pulsar != null) {
      config = config.withReplication(ReplicationConfig.of(node, members),
          PulsarTransport.using(pulsar, PulsarTransport.DEFAULT_TOPIC_PREFIX));
    }
    KvStore store = KvStore.open(config);
    opened.add(store);
    return store;
  }

  /** A KV store under {@code dir} that replicates with nobody (a PoP given no KV node id). */
  KvStore localKvStore(Path dir) {
    KvStore store = KvStore.open(KvConfig.singleNode(1, dir));
    opened.add(store);
    return store;
  }

  @Override
  public void close() {
    for (int i = opened.size() - 1; i >= 0; i--) {
      try {
        opened.get(i).close();
      } catch (Exception e) {
        // Closing the rest matters more than one failure at shutdown.
      }
    }
    if (tail instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        // As above.
      }
    }
    if (pulsar != null) {
      try {
        pulsar.close();
      } catch (PulsarClientException e) {
        // As above.
      }
    }
  }
}
