package dev.meridian.pop.api.reporterror;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meridian.pop.api.SharedNode;
import dev.meridian.pop.server.TestNode;
import org.junit.jupiter.api.Test;

/** reportError logs what it is given, whatever it is, and returns; event listeners report through it. */
class ReportErrorTest {

  static final TestNode node = SharedNode.get();

  @Test
  void reportsErrorsAndOtherValuesToTheLogAndGoesOn() throws Exception {
    node.deploy("report", """
        export default {
          fetch() {
            reportError(new TypeError("reported type error"));
            reportError("a plain string");
            reportError({ code: 7 });
            reportError(new Proxy({}, { get() { throw new Error("trap"); } }));
            const target = new EventTarget();
            target.addEventListener("ping", () => { throw new Error("from a listener"); });
            target.dispatchEvent(new Event("ping"));
            let missing = "";
            try { reportError(); } catch (e) { missing = e.constructor.name; }
            return new Response("still here " + missing);
          },
        };
        """);
    assertEquals("still here TypeError", node.get("/report/").body());
    for (String line : new String[] {"report error Uncaught TypeError: reported type error",
        "report error Uncaught a plain string", "report error Uncaught { code: 7 }",
        "report error Uncaught Error: from a listener"}) {
      SharedNode.awaitLog(node, line);
    }
  }
}
