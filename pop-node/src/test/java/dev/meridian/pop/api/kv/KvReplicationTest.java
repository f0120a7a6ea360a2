package dev.meridian.pop.api.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meridian.kv.KvConfig;
import dev.meridian.kv.KvStore;
import dev.meridian.kv.replication.PulsarBroker;
import dev.meridian.kv.replication.PulsarTransport;
import dev.meridian.kv.replication.ReplicationConfig;
import dev.meridian.kv.store.FsyncPolicy;
import dev.meridian.pop.server.TestNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6's acceptance for the binding: two PoPs, each a {@link TestNode} with its own {@link
 * KvStore} replicating through a real Pulsar broker (crdt-kv's {@link PulsarBroker}, started in its
 * own JVM), serve the same worker; what the worker puts on PoP A, the worker on PoP B reads once
 * replicated — values, metadata, listings page by page, and deletes.
 */
@ExtendWith(PulsarBroker.Extension.class)
class KvReplicationTest {

  /** Replication takes milliseconds; this bounds a broker on a busy machine, not the expectation. */
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String WORKER = """
      export default {
        async fetch(request, env) {
          const url = new URL(request.url);
          const key = url.searchParams.get("key");
          switch (url.searchParams.get("op")) {
            case "put":
              await env.KV.put(key, url.searchParams.get("value"), { metadata: { from: url.searchParams.get("pop") } });
              return new Response("ok");
            case "get": {
              const found = await env.KV.getWithMetadata(key);
              return new Response(JSON.stringify([found.value, found.metadata]));
            }
            case "delete":
              await env.KV.delete(key);
              return new Response("ok");
            case "list": {
              const names = [];
              let cursor = undefined;
              let pages = 0;
              for (;;) {
                const page = await env.KV.list({ prefix: url.searchParams.get("prefix"), limit: 5, cursor });
                pages++;
                for (const k of page.keys) names.push(k.name);
                if (page.list_complete) break;
                cursor = page.cursor;
              }
              return new Response(pages + " " + names.join(","));
            }
          }
          return new Response("unknown op", { status: 400 });
        },
      };
      """;

  @TempDir static Path dir;
  static KvStore storeA;
  static KvStore storeB;
  static TestNode popA;
  static TestNode popB;

  @BeforeAll
  static void start(PulsarBroker broker) throws Exception {
    storeA = store(broker, 1);
    storeB = store(broker, 2);
    // One namespace per run: the broker is shared with any other test class of the JVM.
    String namespace = "binding-" + UUID.randomUUID().toString().substring(0, 8);
    popA = TestNode.start(config -> config.withService(KvStore.class, storeA));
    deploy(popA, namespace);
    // Each PoP's worker loads (and its namespace subscribes) before anything is written, as a deployed
    // worker would have; PoP A's before PoP B's runtime starts (two runtimes that each made their own
    // snapshot once broke the first one's later isolates: "WasmModule is not defined").
    assertEquals("[null,null]", call(popA, "op=get&key=greeting"));
    popB = TestNode.start(config -> config.withService(KvStore.class, storeB));
    deploy(popB, namespace);
    assertEquals("[null,null]", call(popB, "op=get&key=greeting"));
  }

  private static void deploy(TestNode pop, String namespace) {
    // A first request (module load included) passed the default 50 ms of CPU once on a busy machine;
    // this test is about replication, not that budget.
    pop.deploy("app", Map.of("index.js", WORKER), "index.js", Map.of("KV", KvExtension.descriptor(namespace)),
        KvBindingTest.LIMITS);
  }

  private static KvStore store(PulsarBroker broker, int node) throws Exception {
    ReplicationConfig replication = ReplicationConfig.of(node, Set.of(1, 2))
        .withIntervals(Duration.ofMillis(10), Duration.ofMillis(100));
    return KvStore.open(KvConfig.singleNode(node, dir.resolve("pop" + node)).withFsync(FsyncPolicy.never())
        .withMeterRegistry(new SimpleMeterRegistry())
        .withReplication(replication, PulsarTransport.connect(broker.serviceUrl(), PulsarTransport.DEFAULT_TOPIC_PREFIX)));
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable closeable : new AutoCloseable[] {popA, popB, storeA, storeB}) {
      try {
        if (closeable != null) {
          closeable.close();
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private static String call(TestNode pop, String query) throws Exception {
    var response = pop.get("/app/?" + query);
    assertEquals(200, response.statusCode(), response.body() + " " + pop.logs);
    return response.body();
  }

  /** Asks {@code pop} with {@code query} until the answer passes {@code done} (bounded polling of replication). */
  private static String awaitAnswer(TestNode pop, String query, Predicate<String> done) throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    String answer = call(pop, query);
    while (!done.test(answer)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not replicated within " + TIMEOUT + ": " + query + " answered " + answer);
      }
      TimeUnit.MILLISECONDS.sleep(50);
      answer = call(pop, query);
    }
    return answer;
  }

  @Test
  void aWorkerOnPopAPutsAndAWorkerOnPopBGetsTheValueOnceReplicated() throws Exception {
    // Both PoPs' workers loaded (and subscribed) before the write, as deployed workers would be.
    assertEquals("ok", call(popA, "op=put&key=greeting&value=hello-from-a&pop=a"));
    assertEquals("[\"hello-from-a\",{\"from\":\"a\"}]", call(popA, "op=get&key=greeting"), "read-your-writes at A");
    assertEquals("[\"hello-from-a\",{\"from\":\"a\"}]",
        awaitAnswer(popB, "op=get&key=greeting", answer -> !answer.equals("[null,null]")));

    // And back: B overwrites, A sees B's value (last writer wins), then a delete on A reaches B.
    assertEquals("ok", call(popB, "op=put&key=greeting&value=hello-from-b&pop=b"));
    assertEquals("[\"hello-from-b\",{\"from\":\"b\"}]",
        awaitAnswer(popA, "op=get&key=greeting", answer -> answer.contains("from-b")));
    assertEquals("ok", call(popA, "op=delete&key=greeting"));
    assertEquals("[null,null]", awaitAnswer(popB, "op=get&key=greeting", answer -> answer.equals("[null,null]")));
  }

  @Test
  void keysWrittenAtPopAAreListedAtPopBPageByPage() throws Exception {
    for (int i = 0; i < 12; i++) {
      call(popA, "op=put&key=item:" + (char) ('a' + i) + "&value=" + i + "&pop=a");
    }
    call(popA, "op=put&key=other&value=x&pop=a");
    String expected = "3 item:a,item:b,item:c,item:d,item:e,item:f,item:g,item:h,item:i,item:j,item:k,item:l";
    assertEquals(expected, call(popA, "op=list&prefix=item:"));
    assertEquals(expected, awaitAnswer(popB, "op=list&prefix=item:", answer -> answer.equals(expected)));
  }
}
