package dev.meridian.cli;

import dev.meridian.bundles.feed.FileKeyedFeed;
import dev.meridian.bundles.feed.KeyedFeed;
import dev.meridian.bundles.feed.PulsarKeyedFeed;
import dev.meridian.bundles.tail.LocalLogTail;
import dev.meridian.bundles.tail.LogTail;
import dev.meridian.bundles.tail.PulsarLogTail;
import dev.meridian.bundles.tail.WatchedLogTail;
import dev.meridian.kv.KvConfig;
import dev.meridian.kv.KvStore;
import dev.meridian.kv.replication.PulsarTransport;
import dev.meridian.kv.replication.ReplicationConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pulsar.client.admin.PulsarAdmin;
import org.apache.pulsar.client.admin.PulsarAdminException;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

/**
 * What ties Meridian's roles together: the keyed feeds (deployments, PoP health), the live log tail
 * and KV replication. One node on its own keeps them in-process and under its data directory; nodes
 * of a network share them over Apache Pulsar. Feeds and the tail opened here are closed with it.
 */
final class Backbone implements AutoCloseable {

  static final String TOPIC_PREFIX = "persistent://public/default/meridian-";

  private final @Nullable PulsarClient pulsar;
  private final @Nullable PulsarAdmin admin;
  private final @Nullable Path directory;
  private final LogTail tail;
  private final List<AutoCloseable> opened = new ArrayList<>();
  private final Map<String, KeyedFeed> feeds = new HashMap<>();
  private @Nullable WatchedLogTail watchedTail;

  private Backbone(@Nullable PulsarClient pulsar, @Nullable PulsarAdmin admin, @Nullable Path directory, LogTail tail) {
    this.pulsar = pulsar;
    this.admin = admin;
    this.directory = directory;
    this.tail = tail;
  }

  /** Everything in this process, feeds persisted under {@code dir/feeds}. */
  static Backbone embedded(Path dir) {
    return new Backbone(null, null, dir.resolve("feeds"), new LocalLogTail());
  }

  /**
   * Everything over the Pulsar broker at {@code serviceUrl} ({@code pulsar://host:6650}). With an
   * admin URL ({@code http://host:8080}) each feed's topic is set up for compaction when opened,
   * which the control plane does (it owns the topics); PoPs only read and write them.
   */
  static Backbone pulsar(String serviceUrl, @Nullable String adminUrl) throws PulsarClientException {
    PulsarClient client = PulsarClient.builder().serviceUrl(serviceUrl).build();
    PulsarAdmin admin = adminUrl == null ? null : PulsarAdmin.builder().serviceHttpUrl(adminUrl).build();
    return new Backbone(client, admin, null, new PulsarLogTail(client));
  }

  /** The admin URL of a broker with the default ports: the service URL's host, port 8080. */
  static String defaultAdminUrl(String serviceUrl) {
    URI uri = URI.create(serviceUrl);
    return "http://" + uri.getHost() + ":8080";
  }

  boolean distributed() {
    return pulsar != null;
  }

  /** The keyed feed called {@code name} (a compacted topic, or a directory); one instance per name. */
  synchronized KeyedFeed feed(String name) throws IOException {
    KeyedFeed open = feeds.get(name);
    if (open != null) {
      return open;
    }
    if (admin != null) {
      try {
        PulsarKeyedFeed.configure(admin, TOPIC_PREFIX + name, PulsarKeyedFeed.DEFAULT_COMPACTION_THRESHOLD);
      } catch (PulsarAdminException e) {
        throw new IOException("cannot set up the topic " + TOPIC_PREFIX + name + " for compaction: " + e.getMessage(), e);
      }
    }
    KeyedFeed feed = pulsar != null ? new PulsarKeyedFeed(pulsar, TOPIC_PREFIX + name)
        : new FileKeyedFeed(directory.resolve(name));
    opened.add(feed);
    feeds.put(name, feed);
    return feed;
  }

  /**
   * The live log tail, publishing only while somebody tails the deployment (sessions announced on
   * the {@code tail-sessions} feed, {@link WatchedLogTail}).
   */
  synchronized LogTail tail() throws IOException {
    if (watchedTail == null) {
      watchedTail = new WatchedLogTail(tail, feed("tail-sessions"));
      opened.add(watchedTail::close);
    }
    return watchedTail;
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
    closeAll(opened);
    List<AutoCloseable> clients = new ArrayList<>();
    if (tail instanceof AutoCloseable closeable) {
      clients.add(closeable);
    }
    if (pulsar != null) {
      clients.add(pulsar);
    }
    if (admin != null) {
      clients.add(admin);
    }
    closeAll(clients);
  }

  /** Closes {@code parts} last first, going on past failures: at shutdown the rest matters more. */
  static void closeAll(List<? extends AutoCloseable> parts) {
    for (int i = parts.size() - 1; i >= 0; i--) {
      try {
        parts.get(i).close();
      } catch (Exception e) {
        LoggerFactory.getLogger(Backbone.class).warn("event=close_failed part={} error=\"{}\"",
            parts.get(i).getClass().getSimpleName(), e.getMessage());
      }
    }
  }
}
