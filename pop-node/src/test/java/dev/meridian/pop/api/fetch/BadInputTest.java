package dev.meridian.pop.api.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meridian.pop.api.SharedNode;
import dev.meridian.pop.server.TestNode;
import org.junit.jupiter.api.Test;

/**
 * Bad input to the web APIs throws what the specs name, as a JavaScript exception a worker can catch:
 * never a Java exception, never a broken isolate.
 */
class BadInputTest {

  static final TestNode node = SharedNode.get();

  @Test
  void eachBadInputThrowsTheSpecsError() throws Exception {
    node.deploy("badinput", """
        function thrown(f) {
          try { f(); return "no error"; } catch (e) { return e instanceof DOMException ? "DOMException " + e.name : e.constructor.name; }
        }
        async function rejected(p) {
          try { await p; return "no error"; } catch (e) { return e instanceof DOMException ? "DOMException " + e.name : e.constructor.name; }
        }
        export default {
          async fetch() {
            return Response.json([
              thrown(() => new URL("http://exa mple.com/")),
              thrown(() => new URL("/relative")),
              thrown(() => new TextDecoder("utf-8", { fatal: true }).decode(new Uint8Array([0xff, 0xfe, 0x80]))),
              thrown(() => new TextDecoder("no-such-encoding")),
              thrown(() => atob("not*base64")),
              thrown(() => structuredClone(() => 1)),
              thrown(() => new Headers({ "bad header": "x" })),
              thrown(() => new Response("x", { status: 99 })),
              await rejected(new Response("{not json").json()),
              await rejected(new Request("https://x/", { method: "POST", body: "a=1",
                headers: { "content-type": "multipart/form-data; boundary=zz" } }).formData()),
            ]);
          },
        };
        """);
    assertEquals("[\"TypeError\",\"TypeError\",\"TypeError\",\"RangeError\",\"DOMException InvalidCharacterError\","
        + "\"DOMException DataCloneError\",\"TypeError\",\"RangeError\",\"SyntaxError\",\"TypeError\"]",
        node.get("/badinput/").body());
    assertEquals(200, node.get("/badinput/").statusCode(), "the isolate keeps serving");
  }
}
