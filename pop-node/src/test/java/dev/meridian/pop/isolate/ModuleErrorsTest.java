package dev.meridian.pop.isolate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.pop.io.WorkerLimits;
import dev.meridian.pop.server.TestNode;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Broken modules: each gets an error that says which file, where and what; the node keeps serving. */
class ModuleErrorsTest {

  static TestNode node;

  @BeforeAll
  static void start() throws Exception {
    node = TestNode.start();
    node.deploy("ok", "export default { fetch() { return new Response('still here'); } };");
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static WorkerLoadException check(Map<String, String> files) throws Exception {
    WorkerDefinition worker = node.deploy("check", files, "main.js", Map.of(), WorkerLimits.DEFAULTS);
    return node.runtime.check(worker).get(30, TimeUnit.SECONDS);
  }

  @Test
  void aSyntaxErrorNamesFileLineAndColumn() throws Exception {
    WorkerLoadException error = check(Map.of("main.js", "import './lib.js';\nexport default { fetch() {} };",
        "lib.js", "const a = 1;\nconst b = ;\n"));
    assertNotNull(error);
    assertEquals("lib.js", error.file());
    assertEquals(2, error.line());
    assertEquals(11, error.column());
    assertTrue(error.getMessage().startsWith("lib.js:2:11: SyntaxError"), error.getMessage());
  }

  @Test
  void aMissingImportIsNamed() throws Exception {
    WorkerLoadException error = check(Map.of("main.js", "import { x } from './nowhere.js';\nexport default { fetch() {} };"));
    assertNotNull(error);
    assertTrue(error.getMessage().contains("'nowhere.js' is not in the bundle"), error.getMessage());
  }

  @Test
  void aBareSpecifierIsRefusedWithTheReason() throws Exception {
    WorkerLoadException error = check(Map.of("main.js", "import _ from 'lodash';\nexport default { fetch() {} };"));
    assertNotNull(error);
    assertTrue(error.getMessage().contains("cannot import 'lodash'"), error.getMessage());
  }

  @Test
  void anImportThatClimbsOutOfTheBundleIsRefused() throws Exception {
    WorkerLoadException error = check(Map.of("main.js", "import x from '../../etc/passwd.txt';\nexport default { fetch() {} };"));
    assertNotNull(error);
    assertTrue(error.getMessage().contains("only relative imports inside the bundle"), error.getMessage());
  }

  @Test
  void aMainModuleWithoutFetchIsRefused() throws Exception {
    WorkerLoadException error = check(Map.of("main.js", "export default { hello() {} };"));
    assertNotNull(error);
    assertTrue(error.getMessage().contains("export default { fetch(request, env, ctx)"), error.getMessage());
  }

  @Test
  void aThrowAtLoadCarriesTheStack() throws Exception {
    WorkerLoadException error = check(Map.of("main.js", "function boom() { throw new TypeError('bad config'); }\nboom();\n"
        + "export default { fetch() {} };"));
    assertNotNull(error);
    assertTrue(error.getMessage().contains("TypeError: bad config"), error.getMessage());
    assertTrue(error.getMessage().contains("main.js:1"), error.getMessage());
  }

  @Test
  void aGoodWorkerChecksClean() throws Exception {
    assertNull(check(Map.of("main.js", "export default { fetch() { return new Response('x'); } };")));
  }

  @Test
  void aBrokenDeploymentAnswers500AndOthersKeepServing() throws Exception {
    node.deploy("bad", "export default { fetch( { } };");
    HttpResponse<String> response = node.get("/bad/");
    assertEquals(500, response.statusCode());
    assertTrue(response.body().contains("index.js:1:"), response.body());
    assertTrue(response.body().contains("SyntaxError"), response.body());
    assertEquals("still here", node.get("/ok/").body());
  }
}
