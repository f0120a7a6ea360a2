package dev.meridian.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.control.http.Route;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The served OpenAPI document against the router: same operations, same auth, errors documented. */
class OpenApiTest {

  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

  @TempDir
  Path dir;
  TestPlane t;
  JsonNode doc;

  @BeforeEach
  void start() throws Exception {
    t = TestPlane.start(dir);
    Api.Response r = t.admin.as(null).get("/openapi.json");
    assertEquals(200, r.status(), "the document is public");
    assertEquals("application/json", r.headers().firstValue("content-type").orElse(""));
    doc = r.json();
  }

  @AfterEach
  void stop() {
    t.close();
  }

  @Test
  void isOpenApi31() {
    assertEquals("3.1.0", doc.get("openapi").asText());
    assertTrue(doc.path("components").path("securitySchemes").has("bearer"));
  }

  @Test
  void everyRouteIsDocumentedAndEveryDocumentedOperationRouted() {
    Set<String> routed = new TreeSet<>();
    for (Route r : t.plane.routes()) {
      routed.add(r.method().name() + " " + r.template());
    }
    Set<String> documented = new TreeSet<>(operations().keySet());
    Set<String> undocumented = new TreeSet<>(routed);
    undocumented.removeAll(documented);
    Set<String> unrouted = new TreeSet<>(documented);
    unrouted.removeAll(routed);
    assertTrue(undocumented.isEmpty(), "routes missing from openapi.json: " + undocumented);
    assertTrue(unrouted.isEmpty(), "documented operations no route serves: " + unrouted);
  }

  @Test
  void authAndItsErrorsAreDocumentedAsTheRouterEnforcesThem() {
    Map<String, JsonNode> ops = operations();
    List<String> problems = new ArrayList<>();
    for (Route r : t.plane.routes()) {
      String key = r.method().name() + " " + r.template();
      JsonNode op = ops.get(key);
      JsonNode responses = op.get("responses");
      boolean secured = op.path("security").size() > 0;
      if (secured != r.authenticated()) {
        problems.add(key + ": security " + (secured ? "documented" : "missing") + " but route authenticated=" + r.authenticated());
      }
      if (r.authenticated() && !responses.has("401")) {
        problems.add(key + ": needs a token but 401 is not documented");
      }
      String scope = r.scope() == null ? null : r.scope().wire();
      String documentedScope = op.has("x-meridian-scope") ? op.get("x-meridian-scope").asText() : null;
      if (!Objects.equals(scope, documentedScope)) {
        problems.add(key + ": scope " + scope + " but documented " + documentedScope);
      }
      if (scope != null && !responses.has("403")) {
        problems.add(key + ": needs scope " + scope + " but 403 is not documented");
      }
      // POST under a named path creates (the first version makes its worker); the others look up.
      if (r.template().contains("{") && r.authenticated() && !r.method().name().equals("POST")
          && !responses.has("404")) {
        problems.add(key + ": looks an object up but 404 is not documented");
      }
      if (r.consumes() != null && !op.has("requestBody")) {
        problems.add(key + ": reads a " + r.consumes() + " body that is not documented");
      }
      if (r.consumes() != null && !r.consumes().equals("*/*")
          && !op.path("requestBody").path("content").has(r.consumes())) {
        problems.add(key + ": takes " + r.consumes() + " but documents " + op.path("requestBody").path("content"));
      }
      if (r.consumes() != null && !r.consumes().equals("*/*") && !responses.has("415")) {
        problems.add(key + ": refuses other bodies with 415, not documented");
      }
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  @Test
  void documentedPathParametersMatchTheTemplate() {
    List<String> problems = new ArrayList<>();
    operations().forEach((key, op) -> {
      String template = key.substring(key.indexOf(' ') + 1);
      Set<String> inTemplate = new TreeSet<>();
      Matcher m = Pattern.compile("\\{([^}]+)}").matcher(template);
      while (m.find()) {
        inTemplate.add(m.group(1));
      }
      Set<String> documented = new TreeSet<>();
      op.path("parameters").forEach(p -> {
        if (p.get("in").asText().equals("path")) {
          documented.add(p.get("name").asText());
        }
      });
      if (!inTemplate.equals(documented)) {
        problems.add(key + ": path parameters " + inTemplate + " but documented " + documented);
      }
    });
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  @Test
  void everyReferenceResolves() {
    List<String> refs = new ArrayList<>();
    collectRefs(doc, refs);
    assertFalse(refs.isEmpty());
    for (String ref : refs) {
      assertTrue(ref.startsWith("#/"), ref);
      assertFalse(doc.at(ref.substring(1)).isMissingNode(), "dangling $ref " + ref);
    }
  }

  private static void collectRefs(JsonNode node, List<String> out) {
    if (node.isObject()) {
      if (node.has("$ref")) {
        out.add(node.get("$ref").asText());
      }
      node.forEach(child -> collectRefs(child, out));
    } else if (node.isArray()) {
      node.forEach(child -> collectRefs(child, out));
    }
  }

  private Map<String, JsonNode> operations() {
    Map<String, JsonNode> ops = new TreeMap<>();
    for (Map.Entry<String, JsonNode> path : doc.get("paths").properties()) {
      for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
        if (METHODS.contains(op.getKey())) {
          ops.put(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(), op.getValue());
        }
      }
    }
    return ops;
  }
}
