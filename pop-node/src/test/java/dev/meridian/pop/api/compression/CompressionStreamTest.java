package dev.meridian.pop.api.compression;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meridian.pop.api.SharedNode;
import dev.meridian.pop.io.WorkerLimits;
import dev.meridian.pop.server.TestNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** CompressionStream and DecompressionStream in a worker, interoperating with java.util.zip over HTTP. */
class CompressionStreamTest {

  static final TestNode node = SharedNode.get();

  private static final byte[] TEXT = "Streams of text, compressed at the edge. ".repeat(5_000)
      .getBytes(StandardCharsets.UTF_8);

  private static byte[] post(String path, byte[] body) throws Exception {
    HttpResponse<byte[]> response = node.client().send(
        HttpRequest.newBuilder(node.uri(path)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8) + node.logs);
    return response.body();
  }

  @Test
  void aWorkerCompressesWhatJavaUtilZipReadsAndReadsWhatItWrites() throws Exception {
    node.deploy("zip", """
        export default {
          fetch(request) {
            const [, , direction, format] = new URL(request.url).pathname.split("/");
            const Stream = direction === "pack" ? CompressionStream : DecompressionStream;
            return new Response(request.body.pipeThrough(new Stream(format)));
          },
        };
        """);
    for (Format format : Format.values()) {
      String label = format.name().toLowerCase().replace('_', '-');
      assertArrayEquals(TEXT, CodecTest.jdkDecode(format, post("/zip/pack/" + label, TEXT)), label);
      assertArrayEquals(TEXT, post("/zip/unpack/" + label, CodecTest.jdkEncode(format, TEXT)), label);
    }
  }

  @Test
  void corruptInputRejectsWithTypeErrorAndTheIsolateGoesOn() throws Exception {
    node.deploy("badzip", """
        async function attempt(bytes, format) {
          try {
            await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream(format))).arrayBuffer();
            return "decoded";
          } catch (e) {
            return e.constructor.name;
          }
        }
        export default {
          async fetch(request) {
            const gzip = new Uint8Array(await request.arrayBuffer());
            const truncated = gzip.slice(0, gzip.length - 4);
            const corrupt = gzip.slice();
            corrupt[12] ^= 0xff;
            const results = [
              await attempt(gzip, "gzip"),
              await attempt(truncated, "gzip"),
              await attempt(corrupt, "gzip"),
              await attempt(new TextEncoder().encode("plain text"), "deflate"),
              await attempt(gzip, "deflate-raw"),
            ];
            let format = "";
            try { new CompressionStream("zip"); } catch (e) { format = e.constructor.name; }
            const cs = new CompressionStream("gzip");
            const read = cs.readable.getReader().read();
            cs.writable.getWriter().write("not bytes").catch(() => {});
            let chunk = "";
            try { await read; } catch (e) { chunk = e.constructor.name; }
            return new Response(results.join(" ") + " " + format + " " + chunk);
          },
        };
        """);
    byte[] gzip = CodecTest.jdkEncode(Format.GZIP, TEXT);
    String expected = "decoded TypeError TypeError TypeError TypeError TypeError TypeError";
    assertEquals(expected, new String(post("/badzip/", gzip), StandardCharsets.UTF_8));
    assertEquals(expected, new String(post("/badzip/again", gzip), StandardCharsets.UTF_8));
  }

  @Test
  void streamsThatEndFailOrAreCancelledFreeTheirPlaceUnderTheLimit() throws Exception {
    // A thousand streams take more than the default 50 ms of CPU to make.
    node.deploy("manyzip", Map.of("index.js", """
        export default {
          async fetch() {
            const open = [];
            let refused = "";
            try {
              for (let i = 0; i <= %d; i++) open.push(new CompressionStream("deflate"));
            } catch (e) {
              refused = e.constructor.name + " after " + open.length;
            }
            await open[0].readable.cancel();
            const ended = new CompressionStream("gzip");
            open.push(ended);
            await new Response(new Blob(["x"]).stream().pipeThrough(ended)).arrayBuffer();
            const failed = new DecompressionStream("gzip");
            try { await new Response(new Blob(["x"]).stream().pipeThrough(failed)).arrayBuffer(); } catch {}
            open.push(new DecompressionStream("deflate-raw")); // the last place: the others were freed
            for (const s of open) await s.readable.cancel();
            return new Response(refused);
          },
        };
        """.formatted(CompressionExtension.DEFAULT_MAX_OPEN)), "index.js", Map.of(), new WorkerLimits(128, 5_000, 50));
    assertEquals("TypeError after " + CompressionExtension.DEFAULT_MAX_OPEN, node.get("/manyzip/").body());
  }
}
