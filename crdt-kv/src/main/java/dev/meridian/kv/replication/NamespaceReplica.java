package dev.meridian.kv.replication;

import dev.meridian.kv.crdt.EncodingException;
import dev.meridian.kv.crdt.Hlc;
import dev.meridian.kv.crdt.HybridClock;
import dev.meridian.kv.crdt.LwwMap;
import dev.meridian.kv.crdt.MalformedEncodingException;
import dev.meridian.kv.crdt.UnsupportedVersionException;
import dev.meridian.kv.store.NamespaceStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * Design note: the replication protocol
 *
 * Shape
 *   Each namespace has one topic; every replica publishes its own writes there and subscribes to
 *   everyone else's. A message is a delta (a join of local writes, an LwwMap) or a heartbeat.
 *   Merging is the LWW join, so duplicated, reordered or replayed deltas are harmless by
 *   construction [1, 2]; what the protocol adds is knowing what is missing, so that a lost delta
 *   is sent again and tombstones can be collected.
 *
 * Frontiers
 *   A node's writes carry strictly increasing HLC stamps [3]. A delta says "these are all my
 *   writes stamped in (after, upTo]". Receiver r keeps, per origin k, frontier[k]: r holds every
 *   write of k stamped at or below it. A delta with after <= frontier[k] moves the frontier to
 *   upTo; one that arrives early (after > frontier[k]) is merged at once and its range kept until
 *   the gap before it closes. A heartbeat of k says "everything I stamped up to now is at or
 *   below published"; with frontier[k] >= published, r moves frontier[k] to now, so the frontier
 *   of an idle origin keeps up with its clock.
 *
 * Repair (delta-interval anti-entropy, after [2, §6])
 *   Heartbeats carry the sender's frontier vector. When k sees peer r report, twice in a row, the
 *   same frontier[k] below what k has published, a delta was lost (or r restarted, or r is new):
 *   k publishes repair deltas with all its own writes above that frontier, read from its store.
 *   A replica that joins late, or comes back after the topic's retention, reports frontier 0 and
 *   so receives from each origin that origin's whole state: the snapshot, followed by the stream.
 *   A node restarting sets its published mark to the newest write of its own in its store, so
 *   writes it acknowledged but never published before a crash are repaired, never skipped.
 *   When an origin has been silent for several heartbeats (down, or gone for good), the peers
 *   that hold its writes repair on its behalf, up to their own frontier for it.
 *
 * Tombstone collection
 *   r's stable stamp is the least of its frontiers and its own clock: r holds every write of
 *   every member stamped at or below it. Heartbeats carry it; once every member has reported, the
 *   least reported value W is stable everywhere, and r drops its tombstones at or below W (the
 *   LwwMap design note explains why later re-deliveries below W are then ignored). The store is
 *   forced to disk before a heartbeat reports progress, so a report survives a crash.
 *
 * Bad input
 *   A message that fails its checksum or does not decode is skipped, counted and logged; the
 *   stream continues, and the lost content, if real, comes back by repair. A message of an
 *   unknown encoding version is rejected with an error naming both versions (a newer node is
 *   talking to this one): counted, logged, skipped. Its writes are not lost: the frontier does not
 *   move past them, so they are repaired again until this node is upgraded.
 *
 * References
 *   [1] M. Shapiro, N. Preguiça, C. Baquero, M. Zawirski. "Conflict-free Replicated Data Types".
 *       SSS 2011.
 *   [2] P. S. Almeida, A. Shoker, C. Baquero. "Delta State Replicated Data Types". JPDC 111, 2018.
 *   [3] S. Kulkarni, M. Demirbas, D. Madappa, B. Avva, M. Leone. "Logical Physical Clocks and
 *       Consistent Snapshots in Globally Distributed Databases". OPODIS 2014.
 */

/**
 * One namespace at one node: issues the stamps of local writes, applies them to the {@link
 * NamespaceStore}, publishes them in batches, merges everyone else's, repairs peers that missed
 * some and collects tombstones once they are stable. The header comment describes the protocol.
 */
public final class NamespaceReplica implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(NamespaceReplica.class);

  /** A received stamp further ahead of the local wall clock than this is counted and logged. */
  static final long MAX_AHEAD_MILLIS = 60_000;

  /** An origin not heard from for this many heartbeat intervals is repaired for by its peers. */
  static final int SILENT_HEARTBEATS = 8;

  private final String namespace;
  private final NamespaceStore store;
  private final HybridClock clock;
  private final InstantSource wall;
  private final DeltaTransport transport;
  private final ReplicationConfig config;
  private final int node;
  private final ScheduledExecutorService scheduler;

  private final ReentrantLock lock = new ReentrantLock();
  private LwwMap pending = new LwwMap();
  private long pendingBytes;
  private Hlc published;
  private final Map<Integer, Hlc> frontier = new HashMap<>();
  private final Map<Integer, TreeMap<Hlc, Hlc>> earlyRanges = new HashMap<>();
  private final Map<Integer, Hlc> reportedStable = new HashMap<>();
  private final Map<Integer, Hlc> lastBehind = new HashMap<>();
  private @Nullable Hlc repairFrom;
  private final Map<Integer, Long> lastHeardMillis = new HashMap<>();
  private final long startedMillis;
  private final Map<String, Hlc> lastBehindOnBehalf = new HashMap<>();
  private final Map<Integer, Hlc> proxyRepairFrom = new HashMap<>();

  private final Map<Integer, Timer> lag = new HashMap<>();
  private final Counter applied;
  private final Counter corrupt;
  private final Counter rejected;
  private final Counter repairs;
  private final Counter purged;
  private final Counter clockAhead;
  private final MeterRegistry registry;

  private final List<ScheduledFuture<?>> tasks = new ArrayList<>();
  private DeltaTransport.@Nullable Subscription subscription;

  private NamespaceReplica(String namespace, NamespaceStore store, HybridClock clock, InstantSource wall,
      DeltaTransport transport, ReplicationConfig config, ScheduledExecutorService scheduler,
      MeterRegistry registry) {
    this.namespace = namespace;
    this.scheduler = scheduler;
    this.store = store;
    this.clock = clock;
    this.wall = wall;
    this.transport = transport;
    this.config = config;
    this.node = config.node();
    this.registry = registry;
    this.published = store.maxStampWrittenBy(node);
    this.startedMillis = wall.millis();
    this.applied = messages("applied");
    this.corrupt = messages("corrupt");
    this.rejected = messages("unsupported_version");
    this.repairs = Counter.builder("kv.replication.repairs").description("repair deltas published")
        .tag("namespace", namespace).register(registry);
    this.purged = Counter.builder("kv.tombstones.purged").tag("namespace", namespace).register(registry);
    this.clockAhead = Counter.builder("kv.replication.clock.ahead")
        .description("received stamps more than 60 s ahead of this PoP's wall clock")
        .tag("namespace", namespace).register(registry);
    for (int member : config.members()) {
      if (member != node) {
        frontier.put(member, Hlc.ZERO);
        Gauge.builder("kv.replication.frontier.age", this, r -> r.frontierAgeSeconds(member))
            .description("seconds between now and the stamp up to which this PoP holds every write of origin")
            .tag("namespace", namespace).tag("origin", Integer.toString(member)).baseUnit("seconds")
            .register(registry);
      }
    }
  }

  private Counter messages(String outcome) {
    return Counter.builder("kv.replication.messages").description("replication messages received, by outcome")
        .tag("namespace", namespace).tag("outcome", outcome).register(registry);
  }

  /**
   * Starts replicating {@code store} as namespace {@code namespace}: moves the clock past
   * everything stored, subscribes, and schedules batching and heartbeats on {@code scheduler}.
   */
  public static NamespaceReplica start(String namespace, NamespaceStore store, HybridClock clock,
      InstantSource wall, DeltaTransport transport, ReplicationConfig config,
      ScheduledExecutorService scheduler, MeterRegistry registry) {
    if (clock.node() != config.node()) {
      throw new IllegalArgumentException("clock node " + clock.node() + " != replication node " + config.node());
    }
    clock.observe(store.maxStamp());
    NamespaceReplica r = new NamespaceReplica(namespace, store, clock, wall, transport, config, scheduler, registry);
    r.subscription = transport.subscribe(namespace, "kv-node-" + r.node, r::onMessage);
    r.every(config.batchInterval(), r::flush);
    r.every(config.heartbeatInterval(), r::heartbeat);
    return r;
  }

  private void every(Duration interval, Runnable task) {
    long nanos = interval.toNanos();
    tasks.add(scheduler.scheduleWithFixedDelay(() -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        LOG.warn("event=replication_task_failed namespace={} error={}", namespace, e.toString(), e);
      }
    }, nanos, nanos, TimeUnit.NANOSECONDS));
  }

  /**
   * Writes {@code payload} (a {@link dev.meridian.kv.store.KvRecord} encoding, or {@code null} for
   * a delete) under {@code key}: stamps it, makes it durable and readable here, queues it for
   * publication. Returns the stamp.
   */
  public Hlc write(String key, byte @Nullable [] payload) {
    lock.lock();
    try {
      Hlc stamp = clock.now();
      LwwMap effective = store.apply(LwwMap.of(key, new LwwMap.Entry(stamp, payload)));
      pending.join(effective);
      pendingBytes += key.length() + 32 + (payload == null ? 0 : payload.length);
      if (pendingBytes >= config.maxMessageBytes()) {
        flushLocked();
      }
      return stamp;
    } finally {
      lock.unlock();
    }
  }

  /** Publishes the writes gathered since the last flush. */
  void flush() {
    lock.lock();
    try {
      flushLocked();
    } finally {
      lock.unlock();
    }
  }

  private void flushLocked() {
    if (pending.isEmpty()) {
      return;
    }
    LwwMap batch = pending;
    pending = new LwwMap();
    pendingBytes = 0;
    Hlc upTo = Hlc.max(published, batch.maxStamp());
    publishRange(node, batch, published, upTo);
    published = upTo;
  }

  /** Publishes {@code entries} as deltas covering (after, upTo], split by size in stamp order. */
  private void publishRange(int origin, LwwMap entries, Hlc after, Hlc upTo) {
    List<Map.Entry<String, LwwMap.Entry>> sorted = new ArrayList<>(entries.entries().entrySet());
    sorted.sort(Comparator.comparing(e -> e.getValue().stamp()));
    LwwMap chunk = new LwwMap();
    long bytes = 0;
    Hlc from = after;
    for (int i = 0; i < sorted.size(); i++) {
      var e = sorted.get(i);
      chunk.join(LwwMap.of(e.getKey(), e.getValue()));
      byte[] v = e.getValue().value();
      bytes += e.getKey().length() + 32 + (v == null ? 0 : v.length);
      boolean last = i == sorted.size() - 1;
      if (last || bytes >= config.maxMessageBytes()) {
        Hlc to = last ? upTo : e.getValue().stamp();
        send(new ReplicationMessage.Delta(origin, from, to, chunk));
        from = to;
        chunk = new LwwMap();
        bytes = 0;
      }
    }
    if (sorted.isEmpty()) {
      send(new ReplicationMessage.Delta(origin, after, upTo, chunk));
    }
  }

  private void send(ReplicationMessage m) {
    transport.publish(namespace, ReplicationMessage.encode(m)).exceptionally(e -> {
      LOG.warn("event=replication_publish_failed namespace={} error={}", namespace, e.toString());
      return null;
    });
  }

  /** Reports progress, repairs peers that are behind, and collects stable tombstones. */
  void heartbeat() {
    lock.lock();
    try {
      flushLocked();
      store.sync();
      Hlc now = clock.now();
      Hlc stable = now;
      for (Hlc f : frontier.values()) {
        stable = Hlc.min(stable, f);
      }
      send(new ReplicationMessage.Heartbeat(node, published, now, stable, new TreeMap<>(frontier)));
      if (repairFrom != null) {
        Hlc from = repairFrom;
        repairFrom = null;
        LwwMap mine = store.writtenBy(node, from);
        publishRange(node, mine, from, Hlc.max(published, mine.maxStamp()));
        repairs.increment();
        LOG.info("event=replication_repair namespace={} from={} entries={}", namespace, from, mine.size());
      }
      for (Map.Entry<Integer, Hlc> p : proxyRepairFrom.entrySet()) {
        int origin = p.getKey();
        Hlc upTo = frontier.get(origin);
        LwwMap theirs = store.writtenBy(origin, p.getValue()).filter((k, e) -> !e.stamp().isAfter(upTo));
        publishRange(origin, theirs, p.getValue(), upTo);
        repairs.increment();
        LOG.info("event=replication_repair_on_behalf namespace={} origin={} from={} to={} entries={}", namespace,
            origin, p.getValue(), upTo, theirs.size());
      }
      proxyRepairFrom.clear();
      if (reportedStable.keySet().containsAll(frontier.keySet())) {
        Hlc w = stable;
        for (Hlc s : reportedStable.values()) {
          w = Hlc.min(w, s);
        }
        if (w.isAfter(store.watermark())) {
          purged.increment(store.purgeTombstones(w));
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** Handles one message from the topic. */
  void onMessage(byte[] bytes) {
    ReplicationMessage m;
    try {
      m = ReplicationMessage.decode(bytes);
    } catch (UnsupportedVersionException e) {
      rejected.increment();
      LOG.error("event=replication_message_rejected namespace={} reason=unsupported_version found={} supported={} "
          + "action=skipped_until_upgrade message=\"{}\"", namespace, e.found(), e.supported(), e.getMessage());
      return;
    } catch (MalformedEncodingException e) {
      corrupt.increment();
      LOG.warn("event=replication_message_corrupt namespace={} bytes={} reason=\"{}\" action=skipped",
          namespace, bytes.length, e.getMessage());
      return;
    }
    if (m.origin() == node) {
      return;
    }
    if (m instanceof ReplicationMessage.Heartbeat) {
      lock.lock();
      try {
        lastHeardMillis.put(m.origin(), wall.millis());
      } finally {
        lock.unlock();
      }
    }
    switch (m) {
      case ReplicationMessage.Delta d -> onDelta(d);
      case ReplicationMessage.Heartbeat h -> onHeartbeat(h);
    }
  }

  private void onDelta(ReplicationMessage.Delta d) {
    LwwMap effective;
    try {
      effective = store.apply(d.entries());
    } catch (EncodingException e) {
      corrupt.increment();
      LOG.warn("event=replication_message_corrupt namespace={} origin={} reason=\"{}\" action=skipped",
          namespace, d.origin(), e.getMessage());
      return;
    }
    observe(d.origin(), Hlc.max(d.upTo(), d.entries().maxStamp()));
    applied.increment();
    long nowMillis = wall.millis();
    Timer timer = lagTimer(d.origin());
    for (LwwMap.Entry e : effective.entries().values()) {
      timer.record(Math.max(0, nowMillis - e.stamp().physical()), TimeUnit.MILLISECONDS);
    }
    lock.lock();
    try {
      advance(d.origin(), d.after(), d.upTo());
    } finally {
      lock.unlock();
    }
  }

  private void advance(int origin, Hlc after, Hlc upTo) {
    Hlc f = frontier.get(origin);
    if (f == null) {
      return; // not a member: merged, but not tracked for stability
    }
    TreeMap<Hlc, Hlc> early = earlyRanges.computeIfAbsent(origin, o -> new TreeMap<>());
    if (after.isAfter(f)) {
      early.merge(after, upTo, Hlc::max);
      return;
    }
    f = Hlc.max(f, upTo);
    while (!early.isEmpty() && !early.firstKey().isAfter(f)) {
      f = Hlc.max(f, early.pollFirstEntry().getValue());
    }
    frontier.put(origin, f);
  }

  private void onHeartbeat(ReplicationMessage.Heartbeat h) {
    lock.lock();
    try {
      if (!frontier.containsKey(h.origin())) {
        return;
      }
      reportedStable.put(h.origin(), h.stable());
      advance(h.origin(), h.published(), h.now());
      Hlc seen = h.frontier().getOrDefault(node, Hlc.ZERO);
      if (seen.compareTo(published) < 0) {
        if (seen.equals(lastBehind.get(h.origin()))) {
          repairFrom = repairFrom == null ? seen : Hlc.min(repairFrom, seen);
          lastBehind.remove(h.origin());
        } else {
          lastBehind.put(h.origin(), seen);
        }
      } else {
        lastBehind.remove(h.origin());
      }
      noteBehindOnBehalf(h);
    } finally {
      lock.unlock();
    }
    observe(h.origin(), h.now());
  }

  /**
   * When peer {@code h.origin()} reports, twice alike, a frontier for some origin k below this
   * replica's, and k itself has been silent for {@link #SILENT_HEARTBEATS} heartbeat intervals
   * (down, or gone for good), this replica repairs the peer on k's behalf at its next heartbeat:
   * it holds every write of k up to its own frontier for k, which is all a delta of k promises.
   */
  private void noteBehindOnBehalf(ReplicationMessage.Heartbeat h) {
    long silentAfter = wall.millis() - SILENT_HEARTBEATS * config.heartbeatInterval().toMillis();
    for (Map.Entry<Integer, Hlc> f : frontier.entrySet()) {
      int origin = f.getKey();
      if (origin == h.origin() || lastHeardMillis.getOrDefault(origin, startedMillis) > silentAfter) {
        continue;
      }
      Hlc theirs = h.frontier().getOrDefault(origin, Hlc.ZERO);
      String pair = h.origin() + "/" + origin;
      if (theirs.compareTo(f.getValue()) >= 0) {
        lastBehindOnBehalf.remove(pair);
      } else if (theirs.equals(lastBehindOnBehalf.get(pair))) {
        proxyRepairFrom.merge(origin, theirs, Hlc::min);
        lastBehindOnBehalf.remove(pair);
      } else {
        lastBehindOnBehalf.put(pair, theirs);
      }
    }
  }

  /**
   * Moves the clock past a stamp received from {@code origin}, counting and logging stamps more
   * than {@link #MAX_AHEAD_MILLIS} ahead of this PoP's wall clock: that origin's clock is wrong,
   * and every HLC follows it (Kulkarni et al. 2014, §3, bound the offset the same way).
   */
  private void observe(int origin, Hlc stamp) {
    long ahead = stamp.physical() - wall.millis();
    if (ahead > MAX_AHEAD_MILLIS) {
      clockAhead.increment();
      LOG.warn("event=replication_clock_ahead namespace={} origin={} ahead_ms={} action=accepted_check_ntp",
          namespace, origin, ahead);
    }
    clock.observe(stamp);
  }

  private Timer lagTimer(int origin) {
    synchronized (lag) {
      return lag.computeIfAbsent(origin, o -> Timer.builder("kv.replication.lag")
          .description("time from a write at its origin PoP to its merge at this PoP")
          .tag("namespace", namespace).tag("origin", Integer.toString(o))
          .publishPercentiles(0.5, 0.99)
          .register(registry));
    }
  }

  private double frontierAgeSeconds(int origin) {
    Hlc f;
    lock.lock();
    try {
      f = frontier.getOrDefault(origin, Hlc.ZERO);
    } finally {
      lock.unlock();
    }
    return Math.max(0, wall.millis() - f.physical()) / 1000.0;
  }

  public String namespace() {
    return namespace;
  }

  public NamespaceStore store() {
    return store;
  }

  /** The stamp up to which this replica holds every write of {@code origin}. */
  public Hlc frontierOf(int origin) {
    lock.lock();
    try {
      return frontier.getOrDefault(origin, Hlc.ZERO);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops at once, as a crash would: no last flush, no last heartbeat. Acknowledged writes are in
   * the store; those not yet published are repaired after a restart.
   */
  public void halt() {
    tasks.forEach(t -> t.cancel(false));
    if (subscription != null) {
      subscription.close();
    }
  }

  /** Publishes what is pending and a last heartbeat, then stops. Does not close the store. */
  @Override
  public void close() {
    tasks.forEach(t -> t.cancel(false));
    heartbeat();
    if (subscription != null) {
      subscription.close();
    }
  }
}
