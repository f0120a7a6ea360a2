package dev.meridian.pop.api.self;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meridian.pop.api.SharedNode;
import dev.meridian.pop.server.TestNode;
import org.junit.jupiter.api.Test;

/** self is the global object, in modules and functions alike, and a worker may replace it. */
class SelfTest {

  static final TestNode node = SharedNode.get();

  @Test
  void selfIsTheGlobalObject() throws Exception {
    node.deploy("self", """
        const atLoad = self === globalThis;
        export default {
          fetch() {
            const sameInFetch = self === globalThis && self.fetch === fetch;
            const descriptor = Object.getOwnPropertyDescriptor(globalThis, "self");
            self = 5; // [Replaceable]: assigning replaces it, and does not throw in strict code
            const replaced = globalThis.self === 5;
            globalThis.self = globalThis;
            return new Response([atLoad, sameInFetch, descriptor.enumerable, descriptor.configurable, replaced].join(" "));
          },
        };
        """);
    assertEquals("true true false true true", node.get("/self/").body());
  }
}
