package dev.meridian.pop.api.navigator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meridian.pop.api.SharedNode;
import dev.meridian.pop.server.TestNode;
import org.junit.jupiter.api.Test;

/** navigator.userAgent, the Navigator interface, and self. */
class NavigatorTest {

  static final TestNode node = SharedNode.get();

  @Test
  void userAgentNamesTheRuntimeAndTheConstructorIsIllegal() throws Exception {
    node.deploy("nav", """
        export default {
          fetch() {
            let constructed = "";
            try { new Navigator(); } catch (e) { constructed = e.constructor.name; }
            let stolen = "";
            try { Object.getOwnPropertyDescriptor(Navigator.prototype, "userAgent").get.call({}); }
            catch (e) { stolen = e.constructor.name; }
            return new Response([navigator.userAgent, navigator instanceof Navigator,
              Object.prototype.toString.call(navigator), constructed, stolen].join(" "));
          },
        };
        """);
    assertEquals("Meridian/0.1 true [object Navigator] TypeError TypeError", node.get("/nav/").body());
  }
}
