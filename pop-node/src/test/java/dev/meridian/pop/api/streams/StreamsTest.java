package dev.meridian.pop.api.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meridian.pop.api.SharedNode;
import dev.meridian.pop.server.TestNode;
import org.junit.jupiter.api.Test;

/**
 * The Streams standard as workers use it (../shared/wpt holds no Streams suite): tee, pipeThrough and
 * pipeTo with backpressure, BYOB reads of a byte stream, async iteration, ReadableStream.from, and
 * errors travelling down a pipe.
 */
class StreamsTest {

  static final TestNode node = SharedNode.get();

  @Test
  void streamsBehaveAsTheStandardSays() throws Exception {
    node.deploy("streams", """
        async function collect(stream) {
          const out = [];
          for await (const chunk of stream) out.push(chunk);
          return out;
        }
        export default {
          async fetch() {
            const results = {};
            // tee: both branches see every chunk.
            const [a, b] = ReadableStream.from(["x", "y", "z"]).tee();
            results.tee = [(await collect(a)).join(""), (await collect(b)).join("")];

            // pipeThrough a TransformStream that upper-cases, then pipeTo a sink with a
            // high-water mark of 1: writes arrive in order, one at a time.
            const seen = [];
            let inFlight = 0, maxInFlight = 0;
            await ReadableStream.from(["a", "b", "c", "d"])
              .pipeThrough(new TransformStream({ transform(chunk, c) { c.enqueue(chunk.toUpperCase()); } }))
              .pipeTo(new WritableStream({
                async write(chunk) {
                  maxInFlight = Math.max(maxInFlight, ++inFlight);
                  await new Promise((r) => setTimeout(r, 1));
                  seen.push(chunk);
                  inFlight--;
                },
              }, new CountQueuingStrategy({ highWaterMark: 1 })));
            results.pipe = [seen.join(""), maxInFlight];

            // A byte stream read with a BYOB reader into a caller-owned buffer.
            const bytes = new ReadableStream({
              type: "bytes",
              start(c) { c.enqueue(new Uint8Array([1, 2, 3, 4, 5])); c.close(); },
            });
            const reader = bytes.getReader({ mode: "byob" });
            const first = await reader.read(new Uint8Array(3));
            const second = await reader.read(new Uint8Array(3));
            const end = await reader.read(new Uint8Array(3));
            results.byob = [Array.from(first.value), Array.from(second.value), end.done];

            // An error in the source rejects pipeTo and errors the destination.
            const failing = new ReadableStream({ pull(c) { c.error(new TypeError("source broke")); } });
            let sinkAborted = "no";
            const error = await failing.pipeTo(new WritableStream({ abort(reason) { sinkAborted = reason.message; } }))
              .then(() => "resolved", (e) => e.name + ": " + e.message);
            results.error = [error, sinkAborted];

            // A locked stream cannot be read twice.
            const locked = new ReadableStream();
            locked.getReader();
            try { locked.getReader(); results.locked = "no error"; } catch (e) { results.locked = e.name; }
            return Response.json(results);
          },
        };
        """);
    assertEquals("{\"tee\":[\"xyz\",\"xyz\"],\"pipe\":[\"ABCD\",1],\"byob\":[[1,2,3],[4,5],true],"
        + "\"error\":[\"TypeError: source broke\",\"source broke\"],\"locked\":\"TypeError\"}",
        node.get("/streams/").body());
  }
}
