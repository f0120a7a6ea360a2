package dev.meridian.pop.api.microtask;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meridian.pop.api.SharedNode;
import dev.meridian.pop.server.TestNode;
import org.junit.jupiter.api.Test;

/** queueMicrotask: promise-job order, and a throwing callback is reported without stopping the rest. */
class QueueMicrotaskTest {

  static final TestNode node = SharedNode.get();

  @Test
  void runsInPromiseJobOrderAndReportsWhatACallbackThrows() throws Exception {
    node.deploy("micro", """
        export default {
          async fetch() {
            const order = [];
            queueMicrotask(() => order.push("a"));
            Promise.resolve().then(() => order.push("b"));
            queueMicrotask(() => { throw new RangeError("from a microtask"); });
            queueMicrotask(function () { order.push(this === undefined ? "c" : "c with a this"); });
            order.push("sync");
            await new Promise((resolve) => setTimeout(resolve, 0));
            let notCallable = "";
            try { queueMicrotask({}); } catch (e) { notCallable = e.constructor.name; }
            return new Response(order.join(",") + " " + notCallable);
          },
        };
        """);
    assertEquals("sync,a,b,c TypeError", node.get("/micro/").body());
    SharedNode.awaitLog(node, "micro error Uncaught RangeError: from a microtask");
  }
}
