package dev.meridian.kv.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meridian.kv.KvConfig;
import dev.meridian.kv.KvNamespace;
import dev.meridian.kv.KvStore;
import dev.meridian.kv.ListOptions;
import dev.meridian.kv.NamespaceId;
import dev.meridian.kv.PutOptions;
import dev.meridian.kv.store.FsyncPolicy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PoP that joins after the others have written (its subscription starts at the latest message,
 * so the topic's history is not replayed to it) catches up from the others' state, sent as repair,
 * and then follows the stream.
 */
@ExtendWith(PulsarBroker.Extension.class)
class LateJoinerTest {

  @TempDir Path dir;
  private final NamespaceId ns = new NamespaceId("acme", "late-" + UUID.randomUUID().toString().substring(0, 8));
  private final List<KvStore> pops = new ArrayList<>();

  private KvNamespace pop(PulsarBroker broker, int id) throws Exception {
    KvStore s = KvStore.open(KvConfig.singleNode(id, dir.resolve("pop" + id)).withFsync(FsyncPolicy.never())
        .withMeterRegistry(new SimpleMeterRegistry())
        .withReplication(ReplicationConfig.of(id, Set.of(1, 2, 3)).withIntervals(Duration.ofMillis(10), Duration.ofMillis(100)),
            PulsarTransport.connect(broker.serviceUrl(), PulsarTransport.DEFAULT_TOPIC_PREFIX)));
    pops.add(s);
    return s.namespace(ns);
  }

  @AfterEach
  void stop() {
    pops.forEach(KvStore::close);
  }

  @Test
  void aLateJoinerCatchesUpFromTheOthersStateThenFollowsTheStream(PulsarBroker broker) throws Exception {
    KvNamespace a = pop(broker, 1);
    KvNamespace b = pop(broker, 2);
    for (int i = 0; i < 200; i++) {
      (i % 2 == 0 ? a : b).put(String.format("k%03d", i), "v" + i, PutOptions.NONE).join();
    }
    a.delete("k000").join();
    b.delete("k001").join();
    Await.until(Duration.ofSeconds(60), () -> keys(a).equals(keys(b)) && keys(a).size() == 198,
        () -> keys(a).size() + " vs " + keys(b).size());

    KvNamespace late = pop(broker, 3);
    Await.until(Duration.ofSeconds(60), () -> keys(late).equals(keys(a)), () -> "late joiner has " + keys(late).size());
    assertEquals("v199", late.get("k199").join().text());

    late.put("from-late", "hello", PutOptions.NONE).join();
    a.put("after-join", "x", PutOptions.NONE).join();
    Await.until(Duration.ofSeconds(60), () -> a.get("from-late").join() != null && late.get("after-join").join() != null,
        () -> "stream after catch-up");
  }

  private static List<String> keys(KvNamespace ns) {
    return ns.list(ListOptions.ALL).join().keys().stream().map(k -> k.name()).toList();
  }
}
