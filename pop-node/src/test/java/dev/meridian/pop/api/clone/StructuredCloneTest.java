package dev.meridian.pop.api.clone;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meridian.pop.api.SharedNode;
import dev.meridian.pop.server.TestNode;
import org.junit.jupiter.api.Test;

/** structuredClone in a worker: graphs with cycles, the serializable types, transfer, and refusals. */
class StructuredCloneTest {

  static final TestNode node = SharedNode.get();

  /** Deploys a worker whose checks each push a failure message; the response lists them. */
  private static String run(String name, String checks) throws Exception {
    node.deploy(name, """
        const failures = [];
        function check(ok, what) { if (!ok) failures.push(what); }
        function error(f) {
          try { f(); return "no error"; } catch (e) { return e.constructor.name + ":" + e.name; }
        }
        export default {
          async fetch() {
        """ + checks + """
            return new Response(failures.length === 0 ? "ok" : failures.join("\\n"));
          },
        };
        """);
    return node.get("/" + name + "/").body();
  }

  @Test
  void clonesCyclicGraphsOfEveryBuiltInKind() throws Exception {
    assertEquals("ok", run("graph", """
        const shared = { n: 1 };
        const o = {
          date: new Date(1234), regexp: /a+b/giu, map: new Map([[shared, "v"], ["k", shared]]),
          set: new Set([shared, 2]), u8: new Uint8Array([1, 2, 255]), f64: new Float64Array([0.5, -0]),
          big: new BigInt64Array([-5n]), range: new RangeError("out"), plain: new Error("e"),
          num: new Number(3), str: new String("s"), bool: new Boolean(false), bigint: 12345678901234567890n,
          nested: [shared, [shared]], nan: NaN, undef: undefined, nul: null,
        };
        o.self = o;
        o.map.set("cycle", o);
        o.set.add(o.set);
        const c = structuredClone(o);
        check(c !== o && c.self === c, "cycle through a property");
        check(c.map.get("cycle") === c, "cycle through a map value");
        check(c.set.has(c.set), "a set containing itself");
        const s = c.nested[0];
        check(s !== shared && s.n === 1 && c.nested[1][0] === s && c.map.get("k") === s && c.map.get(s) === "v"
          && c.set.has(s), "shared references stay shared");
        check(c.date instanceof Date && c.date.getTime() === 1234, "Date");
        check(c.regexp instanceof RegExp && c.regexp.source === "a+b" && c.regexp.flags === "giu", "RegExp");
        check(c.u8 instanceof Uint8Array && c.u8.join() === "1,2,255", "Uint8Array");
        check(c.f64 instanceof Float64Array && Object.is(c.f64[1], -0), "Float64Array");
        check(c.big instanceof BigInt64Array && c.big[0] === -5n, "BigInt64Array");
        check(c.range instanceof RangeError && c.range.message === "out" && typeof c.range.stack === "string",
          "RangeError");
        check(Object.getPrototypeOf(c.plain) === Error.prototype && c.plain.message === "e", "Error");
        check(c.num instanceof Number && c.num.valueOf() === 3 && c.str.valueOf() === "s"
          && c.bool.valueOf() === false, "wrapper objects");
        check(c.bigint === 12345678901234567890n && Number.isNaN(c.nan) && "undef" in c && c.undef === undefined
          && c.nul === null, "primitives");
        class Point { constructor() { this.x = 1; } get y() { return 2; } }
        const p = structuredClone(new Point());
        check(Object.getPrototypeOf(p) === Object.prototype && p.x === 1 && !("y" in p), "class instance as plain object");
        const sparse = [1, , 3];
        sparse.extra = "x";
        const cs = structuredClone(sparse);
        check(Array.isArray(cs) && cs.length === 3 && !(1 in cs) && cs.extra === "x", "sparse array with a property");
        const buffer = new ArrayBuffer(8);
        const views = structuredClone([new Uint8Array(buffer, 2, 2), new DataView(buffer, 4)]);
        check(views[0].buffer === views[1].buffer && views[0].byteOffset === 2 && views[1].byteOffset === 4
          && views[0].buffer.byteLength === 8, "views keep sharing one buffer");
        const resizable = structuredClone(new ArrayBuffer(2, { maxByteLength: 16 }));
        check(resizable.resizable && resizable.maxByteLength === 16 && resizable.byteLength === 2, "resizable buffer");
        const dom = structuredClone(new DOMException("gone", "NotFoundError"));
        check(dom instanceof DOMException && dom.name === "NotFoundError" && dom.code === 8, "DOMException");
        const file = structuredClone(new File(["abc"], "a.txt", { type: "text/plain", lastModified: 42 }));
        check(file instanceof File && file.name === "a.txt" && file.lastModified === 42 && file.type === "text/plain"
          && (await file.text()) === "abc", "File");
        """));
  }

  @Test
  void transfersArrayBuffersByDetachingThem() throws Exception {
    assertEquals("ok", run("transfer", """
        const buffer = new Uint8Array([9, 8, 7, 6]).buffer;
        const view = new Uint8Array(buffer, 1, 2);
        const moved = structuredClone({ buffer, view }, { transfer: [buffer] });
        check(buffer.detached && buffer.byteLength === 0 && view.length === 0, "the original is detached");
        check(moved.buffer.byteLength === 4 && moved.view.buffer === moved.buffer && moved.view.join() === "8,7",
          "the clone owns the bytes");
        const other = new ArrayBuffer(1);
        check(error(() => structuredClone(1, { transfer: [buffer] })) === "DOMException:DataCloneError",
          "an already detached buffer");
        check(error(() => structuredClone(1, { transfer: [other, other] })) === "DOMException:DataCloneError"
          && !other.detached, "a duplicate, and nothing is detached");
        check(error(() => structuredClone(1, { transfer: [{}] })) === "DOMException:DataCloneError",
          "a non-transferable");
        check(error(() => structuredClone(1, { transfer: 1 })) === "TypeError:TypeError", "a transfer that is no sequence");
        check(error(() => structuredClone(buffer)) === "DOMException:DataCloneError", "cloning a detached buffer");
        """));
  }

  @Test
  void uncloneableValuesThrowDataCloneErrorAndTheWorkerGoesOn() throws Exception {
    String checks = """
        const cases = {
          function: () => structuredClone(() => 1),
          nestedFunction: () => structuredClone({ a: [function f() {}] }),
          symbol: () => structuredClone(Symbol("s")),
          symbolObject: () => structuredClone(Object(Symbol("s"))),
          promise: () => structuredClone(Promise.resolve(1)),
          weakMap: () => structuredClone(new WeakMap()),
          weakRef: () => structuredClone(new WeakRef({})),
          iterator: () => structuredClone([1].values()),
          request: () => structuredClone(new Request("https://example.com/")),
          stream: () => structuredClone(new ReadableStream()),
          headers: () => structuredClone({ h: new Headers() }),
          shared: () => structuredClone(new SharedArrayBuffer(4)),
        };
        for (const [name, f] of Object.entries(cases)) {
          const e = error(f);
          check(e === "DOMException:DataCloneError", name + " gave " + e);
        }
        check(error(() => structuredClone()) === "TypeError:TypeError", "no argument");
        """;
    assertEquals("ok", run("refusals", checks));
    assertEquals("ok", node.get("/refusals/again").body());
  }

  @Test
  void responseCloneCopiesChunksThatAreNotBytes() throws Exception {
    assertEquals("ok", run("tee", """
        const chunk = { n: 1, when: new Date(7) };
        const original = new Response(new ReadableStream({ start(c) { c.enqueue(chunk); c.close(); } }));
        const copy = original.clone();
        const a = (await original.body.getReader().read()).value;
        const b = (await copy.body.getReader().read()).value;
        check(a === chunk, "the original branch gets the chunk itself");
        check(b !== chunk && b.n === 1 && b.when instanceof Date && b.when.getTime() === 7, "the clone gets a copy");
        const bad = new Response(new ReadableStream({ start(c) { c.enqueue(() => 1); c.close(); } })).clone();
        let reason = "none";
        try { await bad.body.getReader().read(); } catch (e) { reason = e.name; }
        check(reason === "DataCloneError", "an uncloneable chunk errors the clone: " + reason);
        """));
  }
}
