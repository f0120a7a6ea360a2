package dev.meridian.pop.api.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.kv.KvConfig;
import dev.meridian.kv.KvStore;
import dev.meridian.kv.store.FsyncPolicy;
import dev.meridian.pop.api.SharedNode;
import dev.meridian.pop.io.WorkerLimits;
import dev.meridian.pop.isolate.WorkerDefinition;
import dev.meridian.pop.server.TestNode;
import dev.meridian.pop.server.WorkerProject;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code env.MY_KV} on one node: workers served end to end over HTTP by a {@link TestNode} whose
 * runtime has a single-node {@link KvStore} (on a clock the test moves) as its service.
 */
class KvBindingTest {

  /** A wall clock the test moves by hand: expirations are judged by it. */
  static final class ManualClock implements InstantSource {
    final AtomicLong millis = new AtomicLong(System.currentTimeMillis());

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis.get());
    }
  }

  /** Room for the 25 MiB values of the limits test, and for a first request on a busy machine. */
  static final WorkerLimits LIMITS = new WorkerLimits(256, 5_000, WorkerLimits.DEFAULT_SUBREQUESTS);

  @TempDir static Path dir;
  static final ManualClock clock = new ManualClock();
  static KvStore store;
  static TestNode node;

  @BeforeAll
  static void start() throws Exception {
    store = KvStore.open(KvConfig.singleNode(1, dir.resolve("kv")).withClock(clock).withFsync(FsyncPolicy.never())
        .withMeterRegistry(new SimpleMeterRegistry()));
    node = TestNode.start(config -> config.withService(KvStore.class, store));
  }

  @AfterAll
  static void stop() {
    node.close();
    store.close();
  }

  /** Deploys a worker whose fetch runs {@code body} with {@code env} holding {@code bindings}; answers the result. */
  private static String run(String name, Map<String, Object> env, String tenant, String body) throws Exception {
    String source = """
        export default {
          async fetch(request, env) {
            try {
              %s
            } catch (e) {
              return new Response(e.constructor.name + ": " + e.message, { status: 500 });
            }
          },
        };
        """.formatted(body);
    node.deploy(new WorkerDefinition(name, Integer.toHexString(source.hashCode()), "index.js",
        path -> path.equals("index.js") ? source.getBytes(StandardCharsets.UTF_8) : null, env, LIMITS, null, tenant));
    HttpResponse<String> response = node.get("/" + name + "/");
    return response.body();
  }

  private static String run(String name, String namespace, String body) throws Exception {
    return run(name, Map.of("KV", KvExtension.descriptor(namespace)), WorkerDefinition.LOCAL_TENANT, body);
  }

  @Test
  void putGetAndDeleteWithEveryType() throws Exception {
    String result = run("types", "types", """
        const out = [];
        await env.KV.put("greeting", "héllo");
        out.push(await env.KV.get("greeting"));
        out.push(await env.KV.get("greeting", { type: "text", cacheTtl: 60 }));
        await env.KV.put("config", JSON.stringify({ theme: "dark", n: 3 }));
        out.push((await env.KV.get("config", "json")).theme);
        out.push((await env.KV.get("config", { type: "json" })).n);
        const buffer = await env.KV.get("greeting", "arrayBuffer");
        out.push(buffer instanceof ArrayBuffer, buffer.byteLength);
        const stream = await env.KV.get("greeting", { type: "stream" });
        out.push(stream instanceof ReadableStream, await new Response(stream).text());
        await env.KV.put("bytes", new Uint8Array([9, 1, 2, 3, 9]).subarray(1, 4));
        out.push(new Uint8Array(await env.KV.get("bytes", "arrayBuffer")).join("."));
        await env.KV.put("buffer", new Uint8Array([4, 5]).buffer);
        out.push(new Uint8Array(await env.KV.get("buffer", "arrayBuffer")).join("."));
        await env.KV.put("view", new DataView(new Uint8Array([7, 8, 9]).buffer, 1, 2));
        out.push(new Uint8Array(await env.KV.get("view", "arrayBuffer")).join("."));
        await env.KV.put("streamed", new Blob(["from ", "a ", "stream"]).stream());
        out.push(await env.KV.get("streamed"));
        out.push(await env.KV.get("absent"), await env.KV.get("absent", "json"));
        await env.KV.delete("greeting");
        out.push(await env.KV.get("greeting"));
        await env.KV.delete("never-there");
        return new Response(JSON.stringify(out));
        """);
    assertEquals("[\"héllo\",\"héllo\",\"dark\",3,true,6,true,\"héllo\",\"1.2.3\",\"4.5\",\"8.9\","
        + "\"from a stream\",null,null,null]", result);
  }

  @Test
  void metadataComesBackWithTheValueAndInTheListing() throws Exception {
    String result = run("meta", "meta", """
        await env.KV.put("a", "1", { metadata: { by: "alice", tags: ["x"] } });
        await env.KV.put("b", "2");
        const a = await env.KV.getWithMetadata("a");
        const b = await env.KV.getWithMetadata("b", "json");
        const none = await env.KV.getWithMetadata("c");
        const listed = await env.KV.list();
        return new Response(JSON.stringify([a, b, none, listed]));
        """);
    assertEquals("[{\"value\":\"1\",\"metadata\":{\"by\":\"alice\",\"tags\":[\"x\"]},\"cacheStatus\":null},"
        + "{\"value\":2,\"metadata\":null,\"cacheStatus\":null},"
        + "{\"value\":null,\"metadata\":null,\"cacheStatus\":null},"
        + "{\"keys\":[{\"name\":\"a\",\"metadata\":{\"by\":\"alice\",\"tags\":[\"x\"]}},{\"name\":\"b\"}],"
        + "\"list_complete\":true,\"cacheStatus\":null}]", result);
  }

  @Test
  void severalKeysAreReadAtOnceIntoAMap() throws Exception {
    String result = run("bulk", "bulk", """
        await env.KV.put("a", JSON.stringify({ n: 1 }), { metadata: { m: "a" } });
        await env.KV.put("b", "2");
        const texts = await env.KV.get(["a", "b", "missing"]);
        const json = await env.KV.get(["a", "b"], { type: "json" });
        const meta = await env.KV.getWithMetadata(["a", "missing"], "json");
        const out = [texts instanceof Map, [...texts.entries()], [...json.entries()], [...meta.entries()]];
        for (const bad of [() => env.KV.get(["a"], "arrayBuffer"), () => env.KV.get(Array(101).fill("k"))]) {
          try { await bad(); out.push("ok"); } catch (e) { out.push(e.constructor.name + ": " + e.message); }
        }
        return new Response(JSON.stringify(out));
        """);
    assertEquals("[true,[[\"a\",\"{\\\"n\\\":1}\"],[\"b\",\"2\"],[\"missing\",null]],"
        + "[[\"a\",{\"n\":1}],[\"b\",2]],"
        + "[[\"a\",{\"value\":{\"n\":1},\"metadata\":{\"m\":\"a\"}}],[\"missing\",{\"value\":null,\"metadata\":null}]],"
        + "\"TypeError: KVNamespace.get: several keys are read as \\\"text\\\" or \\\"json\\\" only, not \\\"arrayBuffer\\\"\","
        + "\"TypeError: KVNamespace.get: 101 keys were asked for; one call reads at most 100: split the keys across calls\"]",
        result);
  }

  @Test
  void listsAPrefixInOrderPageByPageWithCursors() throws Exception {
    String result = run("pages", "pages", """
        for (let i = 0; i < 25; i++) await env.KV.put("user:" + String(i).padStart(2, "0"), "u" + i);
        await env.KV.put("other", "x");
        await env.KV.put("user", "no colon");
        const pages = [];
        let cursor = undefined;
        for (;;) {
          const page = await env.KV.list({ prefix: "user:", limit: 10, cursor });
          pages.push(page.keys.length + ":" + page.keys[0].name + ".." + page.keys[page.keys.length - 1].name
            + ":" + page.list_complete + ":" + ("cursor" in page));
          if (page.list_complete) break;
          cursor = page.cursor;
        }
        const all = await env.KV.list();
        return new Response(pages.join(" ") + " | " + all.keys.length + " " + all.keys[0].name + " "
          + all.keys[all.keys.length - 1].name);
        """);
    assertEquals("10:user:00..user:09:false:true 10:user:10..user:19:false:true 5:user:20..user:24:true:false"
        + " | 27 other user:24", result);
  }

  @Test
  void expiredKeysReadAsAbsentAndAreNotListed() throws Exception {
    long now = clock.instant().getEpochSecond();
    String before = run("expiry-put", "expiry", """
        await env.KV.put("ttl", "short-lived", { expirationTtl: 60, metadata: 1 });
        await env.KV.put("at", "until then", { expiration: %d });
        await env.KV.put("forever", "stays");
        const listed = await env.KV.list();
        return new Response(JSON.stringify([await env.KV.get("ttl"), listed.keys]));
        """.formatted(now + 120));
    assertEquals("[\"short-lived\",[{\"name\":\"at\",\"expiration\":" + (now + 120) + "},{\"name\":\"forever\"},"
        + "{\"name\":\"ttl\",\"expiration\":" + (now + 60) + ",\"metadata\":1}]]", before);
    clock.millis.addAndGet(61_000);
    String after = """
        const listed = await env.KV.list();
        return new Response(JSON.stringify([await env.KV.get("ttl"), await env.KV.get("at"),
          listed.keys.map((k) => k.name)]));
        """;
    assertEquals("[null,\"until then\",[\"at\",\"forever\"]]", run("expiry-get1", "expiry", after));
    clock.millis.addAndGet(60_000);
    assertEquals("[null,null,[\"forever\"]]", run("expiry-get2", "expiry", after));
  }

  @Test
  void limitsAndBadArgumentsRaiseTheErrorsWorkersRaises() throws Exception {
    String result = run("limits", "limits", """
        const out = [];
        const attempt = async (f) => {
          try { await f(); out.push("ok"); } catch (e) { out.push(e.constructor.name + ": " + e.message); }
        };
        await attempt(() => env.KV.put("k".repeat(513), "v"));
        await attempt(() => env.KV.get("é".repeat(257)));
        await attempt(() => env.KV.put("k".repeat(512), "v"));
        await attempt(() => env.KV.put("big", new Uint8Array(25 * 1024 * 1024 + 1)));
        const mebibyte = new Uint8Array(1024 * 1024);
        let pulled = 0;
        await attempt(() => env.KV.put("big", new ReadableStream({
          pull(c) { pulled++; c.enqueue(mebibyte); }, // endless: the binding must stop reading it
        })));
        await attempt(() => env.KV.put("meta", "v", { metadata: { pad: "m".repeat(1100) } }));
        await attempt(() => env.KV.put("ttl", "v", { expirationTtl: 10 }));
        await attempt(() => env.KV.put("ttl", "v", { expiration: 1 }));
        await attempt(() => env.KV.list({ limit: 0 }));
        await attempt(() => env.KV.list({ limit: 1001 }));
        await attempt(() => env.KV.list({ cursor: "not-a-cursor" }));
        await attempt(() => env.KV.get("k", "xml"));
        await attempt(() => env.KV.get("k", { cacheTtl: 5 }));
        await attempt(() => env.KV.put("k", 42));
        await attempt(() => env.KV.put("", "v"));
        out.push(String(await env.KV.get("meta")), String(await env.KV.get("big")), pulled);
        return new Response(out.join("\\n"));
        """);
    String[] lines = result.split("\n");
    assertEquals(18, lines.length, result);
    assertTrue(lines[0].startsWith("RangeError: key is 513 bytes of UTF-8; Workers KV keys are at most 512 bytes"),
        lines[0]);
    assertTrue(lines[1].startsWith("RangeError: key is 514 bytes"), lines[1]);
    assertEquals("ok", lines[2]);
    assertTrue(lines[3].startsWith("RangeError: value is 26214401 bytes; Workers KV values are at most 26214400"),
        lines[3]);
    assertTrue(lines[4].startsWith("RangeError: value is more than 26214400 bytes"), lines[4]);
    assertTrue(lines[5].startsWith("RangeError: metadata serializes to 1110 bytes of JSON; Workers KV metadata is at"
        + " most 1024 bytes"), lines[5]);
    assertTrue(lines[6].startsWith("TypeError: expirationTtl 10 s is under the minimum of 60 s"), lines[6]);
    assertTrue(lines[7].startsWith("TypeError: expiration 1 is less than 60 s after now"), lines[7]);
    assertTrue(lines[8].startsWith("TypeError: list limit 0 is outside 1..1000"), lines[8]);
    assertTrue(lines[9].startsWith("TypeError: list limit 1001 is outside 1..1000"), lines[9]);
    assertTrue(lines[10].startsWith("TypeError: cursor \"not-a-cursor\" was not returned by list()"), lines[10]);
    assertTrue(lines[11].startsWith("TypeError: KVNamespace.get: unknown response type \"xml\""), lines[11]);
    assertTrue(lines[12].startsWith("TypeError: KVNamespace.get: cacheTtl must be"), lines[12]);
    assertTrue(lines[13].startsWith("TypeError: KVNamespace.put: the value must be a string"), lines[13]);
    assertTrue(lines[14].startsWith("TypeError: key \"\" is not allowed"), lines[14]);
    assertEquals("null", lines[15]);
    assertEquals("null", lines[16]);
    int pulled = Integer.parseInt(lines[17]);
    assertTrue(pulled >= 26 && pulled <= 28, "an endless stream is read only until it is too large: " + pulled);
  }

  @Test
  void aWorkerReachesOnlyTheNamespacesItDeclares() throws Exception {
    run("writer", "private-a", "await env.KV.put('secret', 'a'); return new Response('ok');");
    String other = run("reader", "private-b", """
        return new Response(JSON.stringify([await env.KV.get("secret"), typeof KVNamespace]));
        """);
    assertEquals("[null,\"undefined\"]", other);
    String none = run("unbound", Map.of("PLAIN", "value"), WorkerDefinition.LOCAL_TENANT, """
        return new Response(JSON.stringify([Object.keys(env), typeof env.KV]));
        """);
    assertEquals("[[\"PLAIN\"],\"undefined\"]", none);
    String forged = run("forger", "private-b", """
        const out = [];
        try { new env.KV.constructor(); } catch (e) { out.push(e.constructor.name + ": " + e.message); }
        try { await env.KV.get.call({}, "secret"); } catch (e) { out.push(e.constructor.name + ": " + e.message); }
        try { await env.KV.get.call(Object.create(env.KV), "secret"); } catch (e) { out.push(e.constructor.name); }
        return new Response(out.join(" | "));
        """);
    assertEquals("TypeError: Illegal constructor | TypeError: Illegal invocation: receiver is not a KVNamespace"
        + " | TypeError", forged);
  }

  @Test
  void tenantsWithNamespacesOfTheSameNameShareNothing() throws Exception {
    Map<String, Object> env = Map.of("KV", KvExtension.descriptor("shared"));
    assertEquals("ok", run("tenant-a", env, "acme", "await env.KV.put('k', 'acme'); return new Response('ok');"));
    assertEquals("ok", run("tenant-b", env, "globex", "await env.KV.put('j', 'globex'); return new Response('ok');"));
    String read = """
        const listed = await env.KV.list();
        return new Response(listed.keys.map((k) => k.name).join(",") + " " + await env.KV.get("k"));
        """;
    assertEquals("k acme", run("tenant-a2", env, "acme", read));
    assertEquals("j null", run("tenant-b2", env, "globex", read));
    assertTrue(Files.isDirectory(dir.resolve("kv").resolve("acme").resolve("shared")));
    assertTrue(Files.isDirectory(dir.resolve("kv").resolve("globex").resolve("shared")));
  }

  @Test
  void aProjectDeclaresItsNamespacesInMeridianToml(@TempDir Path project) throws Exception {
    Files.writeString(project.resolve("meridian.toml"), """
        name = "from-toml"
        main = "index.js"
        [vars]
        NAME = "toml"
        [[kv_namespaces]]
        binding = "CACHE"
        id = "toml-cache"
        """);
    Files.writeString(project.resolve("index.js"), """
        export default {
          async fetch(request, env) {
            await env.CACHE.put("from", env.NAME);
            return new Response(await env.CACHE.get("from") + " " + Object.keys(env).sort().join(","));
          },
        };
        """);
    node.deploy(WorkerProject.at(project).load());
    HttpResponse<String> response = node.get("/from-toml/");
    assertEquals("toml CACHE,NAME", response.body(), node.logs.toString());
  }

  @Test
  void aNodeWithoutAKvStoreRefusesToLoadAWorkerThatDeclaresOne() throws Exception {
    TestNode bare = SharedNode.get();
    Map<String, Object> env = new HashMap<>();
    env.put("KV", KvExtension.descriptor("anything"));
    bare.deploy("kv-without-store", Map.of("index.js", "export default { fetch() { return new Response('no'); } };"),
        "index.js", env, WorkerLimits.DEFAULTS);
    HttpResponse<String> response = bare.get("/kv-without-store/");
    assertEquals(500, response.statusCode());
    assertTrue(response.body().contains("env.KV needs this node's KV store, and the node has none"), response.body());
  }
}
