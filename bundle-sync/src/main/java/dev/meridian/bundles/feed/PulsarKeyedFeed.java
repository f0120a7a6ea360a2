package dev.meridian.bundles.feed;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.pulsar.client.admin.PulsarAdmin;
import org.apache.pulsar.client.admin.PulsarAdminException;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.MessageId;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;
import org.apache.pulsar.client.api.Reader;
import org.apache.pulsar.client.api.Schema;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link KeyedFeed} on a compacted Pulsar topic: each value is a message whose Pulsar key is the
 * feed's key; a delete is a message with an empty payload, which compaction treats as a tombstone.
 *
 * <pre>
 * Subscribing. A subscription is a Reader from the earliest message with readCompacted(true): it
 * reads the compacted ledger (the latest message per key, as of the last compaction) and then the
 * messages after it. Until the reader has caught up with the last message that existed when it
 * asked (hasMessageAvailable), messages are folded into a map, latest value per key, deletes
 * dropping keys; then the map is delivered, onReplayed is called, and later messages are delivered
 * as they come. So a late or restarted subscriber sees the latest value per key only, whether or
 * not compaction has run yet. No durable subscription is created: readers leave no backlog.
 *
 * Keeping the data. Compaction keeps a durable cursor (__compaction) on the topic; messages it has
 * not compacted yet are kept for it. Before the first compaction a topic without subscriptions
 * keeps messages only as long as its retention policy says, so configure(admin, topic, threshold)
 * should be called once when the topic is set up: it creates the topic, sets its compaction
 * threshold and runs a first compaction.
 * </pre>
 *
 * <p>Each subscription has its own reader thread; listener calls happen on it, one at a time.
 * The producer is created on first publish and sends without batching, synchronously. The
 * {@link PulsarClient} is the caller's: {@link #close()} closes only the producer and readers.
 */
public final class PulsarKeyedFeed implements KeyedFeed {

  private static final Logger LOG = LoggerFactory.getLogger(PulsarKeyedFeed.class);
  /** Compact once the uncompacted part of the topic passes 1 MiB. */
  public static final long DEFAULT_COMPACTION_THRESHOLD = 1L << 20;
  private static final byte[] TOMBSTONE = new byte[0];

  private final PulsarClient client;
  private final String topic;
  private final List<ReaderSubscription> subscriptions = new CopyOnWriteArrayList<>();
  private @Nullable Producer<byte[]> producer;
  private volatile boolean closed;

  public PulsarKeyedFeed(PulsarClient client, String topic) {
    this.client = client;
    this.topic = topic;
  }

  /**
   * Sets a topic up for this feed, once, with an admin client of the cluster: creates it if it is
   * missing, sets its compaction threshold, and triggers a first compaction (which creates the
   * {@code __compaction} cursor that keeps messages until they are compacted).
   */
  public static void configure(PulsarAdmin admin, String topic, long compactionThresholdBytes) throws PulsarAdminException {
    try {
      admin.topics().createNonPartitionedTopic(topic);
    } catch (PulsarAdminException.ConflictException exists) {
      // already set up: apply the policy again, it is idempotent
    }
    admin.topicPolicies().setCompactionThreshold(topic, compactionThresholdBytes);
    try {
      admin.topics().triggerCompaction(topic);
    } catch (PulsarAdminException.ConflictException running) {
      // a compaction is already under way
    }
  }

  public String topic() {
    return topic;
  }

  @Override
  public void publish(String key, byte[] value) {
    checkKey(key);
    if (value.length == 0) {
      throw new IllegalArgumentException("an empty value is the delete marker: call delete(\"" + key + "\") instead");
    }
    send(key, value);
  }

  @Override
  public void delete(String key) {
    checkKey(key);
    send(key, TOMBSTONE);
  }

  private void send(String key, byte[] value) {
    try {
      producer().newMessage().key(key).value(value).send();
    } catch (PulsarClientException e) {
      throw new UncheckedIOException("cannot publish key " + key + " to " + topic + ": is the Pulsar broker reachable?", e);
    }
  }

  private synchronized Producer<byte[]> producer() throws PulsarClientException {
    if (closed) {
      throw new IllegalStateException("the feed on " + topic + " is closed");
    }
    if (producer == null) { // reconnects by itself after a broker restart
      producer = client.newProducer(Schema.BYTES).topic(topic).enableBatching(false).blockIfQueueFull(true).create();
    }
    return producer;
  }

  @Override
  public Subscription subscribe(Listener listener) {
    if (closed) {
      throw new IllegalStateException("the feed on " + topic + " is closed");
    }
    Reader<byte[]> reader;
    try {
      reader = client.newReader(Schema.BYTES).topic(topic).startMessageId(MessageId.earliest).readCompacted(true).create();
    } catch (PulsarClientException e) {
      throw new UncheckedIOException("cannot read " + topic + ": is the Pulsar broker reachable?", e);
    }
    ReaderSubscription s = new ReaderSubscription(reader, listener);
    subscriptions.add(s);
    s.thread.start();
    return s;
  }

  @Override
  public void close() {
    closed = true;
    subscriptions.forEach(ReaderSubscription::close);
    Producer<byte[]> p;
    synchronized (this) {
      p = producer;
      producer = null;
    }
    if (p != null) {
      p.closeAsync();
    }
  }

  private static void checkKey(String key) {
    if (key.isEmpty()) {
      throw new IllegalArgumentException("a feed key must not be empty");
    }
  }

  /** One reader and the thread that drains it into a listener. */
  private final class ReaderSubscription implements Subscription {

    private final Reader<byte[]> reader;
    private final Listener listener;
    private final Thread thread;
    private volatile boolean stopped;
    /** The replay so far: kept across read failures, since the reader does not go back. */
    private final Map<String, byte[]> replayState = new LinkedHashMap<>();

    ReaderSubscription(Reader<byte[]> reader, Listener listener) {
      this.reader = reader;
      this.listener = listener;
      this.thread = new Thread(this::run, "keyed-feed-" + topic);
      this.thread.setDaemon(true);
    }

    private void run() {
      boolean replayed = false;
      while (!stopped) {
        try {
          if (!replayed) {
            replay();
            replayed = true;
          }
          // a bounded wait, so close() is noticed even if the broker is unreachable
          Message<byte[]> m = reader.readNext(500, TimeUnit.MILLISECONDS);
          if (m != null) {
            deliver(m);
          }
        } catch (PulsarClientException.AlreadyClosedException e) {
          if (!stopped) {
            LOG.error("event=keyed_feed_reader_closed topic={} action=subscription_ended", topic);
          }
          return;
        } catch (PulsarClientException e) {
          if (stopped) {
            return;
          }
          LOG.warn("event=keyed_feed_read_failed topic={} error={} action=retry_in_1s", topic, e.toString());
          try {
            Thread.sleep(1000); // the reader reconnects by itself; do not spin meanwhile
          } catch (InterruptedException ie) {
            return;
          }
        }
      }
    }

    /** Folds everything up to the end at subscribe time into the latest value per key, then delivers it. */
    private void replay() throws PulsarClientException {
      Map<String, byte[]> state = replayState;
      int idle = 0;
      while (!stopped && reader.hasMessageAvailable()) {
        Message<byte[]> m = reader.readNext(500, TimeUnit.MILLISECONDS);
        if (m == null) {
          if (++idle == 20) { // announced but not coming for 10 s: do not hold the subscriber back for ever
            LOG.warn("event=keyed_feed_replay_stalled topic={} action=treat_as_replayed", topic);
            break;
          }
          continue;
        }
        idle = 0;
        String key = keyOf(m);
        if (key == null) {
          continue;
        }
        byte[] v = m.getData();
        if (v == null || v.length == 0) {
          state.remove(key);
        } else {
          state.remove(key); // re-insert: keys in the order of their latest change
          state.put(key, v);
        }
      }
      for (Map.Entry<String, byte[]> e : state.entrySet()) {
        call(l -> l.onUpdate(e.getKey(), e.getValue()));
      }
      state.clear();
      call(Listener::onReplayed);
    }

    private void deliver(Message<byte[]> m) {
      String key = keyOf(m);
      if (key == null) {
        return;
      }
      byte[] v = m.getData();
      if (v == null || v.length == 0) {
        call(l -> l.onDelete(key));
      } else {
        call(l -> l.onUpdate(key, v));
      }
    }

    private @Nullable String keyOf(Message<byte[]> m) {
      if (!m.hasKey() || m.getKey() == null || m.getKey().isEmpty()) {
        LOG.warn("event=keyed_feed_message_skipped topic={} id={} reason=no_key bytes={}", topic, m.getMessageId(),
            m.getData() == null ? 0 : m.getData().length);
        return null;
      }
      return m.hasBase64EncodedKey() ? new String(m.getKeyBytes(), StandardCharsets.UTF_8) : m.getKey();
    }

    private void call(java.util.function.Consumer<Listener> c) {
      if (stopped) {
        return;
      }
      try {
        c.accept(listener);
      } catch (RuntimeException e) {
        LOG.warn("event=keyed_feed_listener_failed topic={} error={} action=continue", topic, e.toString(), e);
      }
    }

    @Override
    public void close() {
      stopped = true;
      subscriptions.remove(this);
      if (Thread.currentThread() != thread) {
        try {
          thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      reader.closeAsync();
    }
  }
}
