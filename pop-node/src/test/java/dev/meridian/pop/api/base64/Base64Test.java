package dev.meridian.pop.api.base64;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meridian.pop.api.SharedNode;
import dev.meridian.pop.server.TestNode;
import org.junit.jupiter.api.Test;

/** atob and btoa in a worker: round trips, forgiving decoding, and the errors the spec names. */
class Base64Test {

  static final TestNode node = SharedNode.get();

  @Test
  void encodesAndDecodesEveryByteAndForgivesWhitespaceAndMissingPadding() throws Exception {
    node.deploy("b64", """
        export default {
          fetch() {
            let all = "";
            for (let i = 0; i < 256; i++) all += String.fromCharCode(i);
            return Response.json({
              hello: btoa("hello"),
              one: btoa("a"),
              empty: btoa(""),
              back: atob("aGVsbG8="),
              spaced: atob(" aG\\tVs\\nbG8 "),
              unpadded: atob("aGVsbG8"),
              roundTrip: atob(btoa(all)) === all,
              nullArg: btoa(null),
            });
          },
        };
        """);
    assertEquals("{\"hello\":\"aGVsbG8=\",\"one\":\"YQ==\",\"empty\":\"\",\"back\":\"hello\",\"spaced\":\"hello\","
        + "\"unpadded\":\"hello\",\"roundTrip\":true,\"nullArg\":\"bnVsbA==\"}", node.get("/b64/").body());
  }

  @Test
  void badInputThrowsInvalidCharacterErrorAndTheWorkerGoesOn() throws Exception {
    node.deploy("b64bad", """
        function error(f) {
          try { f(); return "no error"; } catch (e) { return e.constructor.name + ":" + e.name; }
        }
        export default {
          fetch() {
            return new Response([
              error(() => atob("a")),
              error(() => atob("ab=c")),
              error(() => atob("ab*c")),
              error(() => atob("abc==")),
              error(() => atob(undefined)),
              error(() => btoa("\\u0100")),
              error(() => btoa("\\u{1F600}")),
              error(() => atob()),
            ].join(" "));
          },
        };
        """);
    String invalid = "DOMException:InvalidCharacterError";
    String expected = String.join(" ", invalid, invalid, invalid, invalid, invalid, invalid, invalid, "TypeError:TypeError");
    assertEquals(expected, node.get("/b64bad/").body());
    assertEquals(expected, node.get("/b64bad/again").body());
  }
}
