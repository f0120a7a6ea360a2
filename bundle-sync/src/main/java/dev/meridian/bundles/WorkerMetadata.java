package dev.meridian.bundles;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The normalized configuration of one worker version: made by the CLI from {@code meridian.toml},
 * stored inside the bundle as {@code meridian.json}, read by the control plane and by every PoP.
 * Keeping it inside the bundle means the bundle hash covers code and config together, so a version
 * can never run with another version's limits or bindings.
 *
 * <p>The record holds any values; {@link #problems()} and {@link #validate()} say what is wrong.
 * {@link Bundle} refuses metadata that does not validate. JSON keys are wrangler's where the
 * meaning is the same ({@code compatibility_date}, {@code kv_namespaces}); unknown keys are
 * ignored so an older PoP can read metadata written by a newer CLI.
 *
 * <table>
 *   <caption>Limits</caption>
 *   <tr><th>limit</th><th>default</th><th>range</th></tr>
 *   <tr><td>memory_mb</td><td>{@value Limits#DEFAULT_MEMORY_MB}</td><td>{@value Limits#MIN_MEMORY_MB}–{@value Limits#MAX_MEMORY_MB}</td></tr>
 *   <tr><td>cpu_ms</td><td>{@value Limits#DEFAULT_CPU_MS}</td><td>1–{@value Limits#MAX_CPU_MS}</td></tr>
 *   <tr><td>subrequests</td><td>{@value Limits#DEFAULT_SUBREQUESTS}</td><td>0–{@value Limits#MAX_SUBREQUESTS}</td></tr>
 * </table>
 *
 * @param name the worker's name, {@code [A-Za-z0-9_-]{1,63}}
 * @param main the main module's path inside the bundle
 * @param compatibilityDate {@code YYYY-MM-DD}, or null for the runtime's oldest behaviour
 * @param routes route patterns ({@link RoutePattern} syntax)
 * @param vars plain bindings: name to a JSON value (String, Number, Boolean, List, Map or null)
 * @param limits per-request limits
 * @param kvNamespaces KV bindings: a JS identifier to a namespace id
 * @param wasmInterface how a {@code .wasm} main module is called: {@code "wagi"}, {@code "native"}, or null for JS
 * @param origin an http(s) URL requests fall through to, or null
 */
public record WorkerMetadata(
    String name,
    String main,
    @Nullable String compatibilityDate,
    List<String> routes,
    Map<String, @Nullable Object> vars,
    Limits limits,
    List<KvBinding> kvNamespaces,
    @Nullable String wasmInterface,
    @Nullable String origin) {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,63}");
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final Pattern JS_IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final Set<String> WASM_INTERFACES = Set.of("wagi", "native");

  /** Sorted keys everywhere, so equal metadata encodes to equal bytes (and bundles hash the same). */
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .build();

  /** Per-request limits of a worker version. */
  public record Limits(int memoryMb, int cpuMs, int subrequests) {
    public static final int DEFAULT_MEMORY_MB = 128;
    public static final int DEFAULT_CPU_MS = 50;
    public static final int DEFAULT_SUBREQUESTS = 50;
    public static final int MIN_MEMORY_MB = 16;
    public static final int MAX_MEMORY_MB = 2048;
    public static final int MAX_CPU_MS = 300_000;
    public static final int MAX_SUBREQUESTS = 10_000;
    public static final Limits DEFAULT = new Limits(DEFAULT_MEMORY_MB, DEFAULT_CPU_MS, DEFAULT_SUBREQUESTS);
  }

  /** A KV namespace bound to {@code env.<binding>}. */
  public record KvBinding(String binding, String id) {}

  public WorkerMetadata {
    routes = List.copyOf(routes);
    vars = Collections.unmodifiableMap(new TreeMap<>(vars));
    kvNamespaces = List.copyOf(kvNamespaces);
  }

  /** A worker with only a name and a main module; the rest empty or default. */
  public static WorkerMetadata of(String name, String main) {
    return new WorkerMetadata(name, main, null, List.of(), Map.of(), Limits.DEFAULT, List.of(), null, null);
  }

  public WorkerMetadata withRoutes(List<String> newRoutes) {
    return new WorkerMetadata(name, main, compatibilityDate, newRoutes, vars, limits, kvNamespaces, wasmInterface, origin);
  }

  public WorkerMetadata withVars(Map<String, @Nullable Object> newVars) {
    return new WorkerMetadata(name, main, compatibilityDate, routes, newVars, limits, kvNamespaces, wasmInterface, origin);
  }

  public WorkerMetadata withLimits(Limits newLimits) {
    return new WorkerMetadata(name, main, compatibilityDate, routes, vars, newLimits, kvNamespaces, wasmInterface, origin);
  }

  public WorkerMetadata withKvNamespaces(List<KvBinding> newBindings) {
    return new WorkerMetadata(name, main, compatibilityDate, routes, vars, limits, newBindings, wasmInterface, origin);
  }

  /** The routes, parsed; call after {@link #validate()}. */
  public List<RoutePattern> routePatterns() {
    return routes.stream().map(RoutePattern::parse).toList();
  }

  /** Every problem found, each a sentence naming the field; empty when the metadata is valid. */
  public List<String> problems() {
    List<String> out = new ArrayList<>();
    if (!NAME.matcher(name).matches()) {
      out.add("name \"" + name + "\" must be 1 to 63 letters, digits, '_' or '-'");
    }
    if (main.isBlank()) {
      out.add("main must name the main module, e.g. \"src/index.js\"");
    } else if (Bundle.entryNameProblem(main) != null) {
      out.add("main \"" + main + "\": " + Bundle.entryNameProblem(main));
    }
    if (compatibilityDate != null && !isDate(compatibilityDate)) {
      out.add("compatibility_date \"" + compatibilityDate + "\" must be a date written YYYY-MM-DD");
    }
    for (String r : routes) {
      try {
        RoutePattern.parse(r);
      } catch (IllegalArgumentException e) {
        out.add(e.getMessage());
      }
    }
    for (String v : vars.keySet()) {
      if (v.isEmpty() || v.length() > 255) {
        out.add("vars: a binding name must be 1 to 255 characters, got \"" + v + "\"");
      }
    }
    if (limits.memoryMb() < Limits.MIN_MEMORY_MB || limits.memoryMb() > Limits.MAX_MEMORY_MB) {
      out.add("limits.memory_mb " + limits.memoryMb() + " is out of range " + Limits.MIN_MEMORY_MB + "–" + Limits.MAX_MEMORY_MB);
    }
    if (limits.cpuMs() < 1 || limits.cpuMs() > Limits.MAX_CPU_MS) {
      out.add("limits.cpu_ms " + limits.cpuMs() + " is out of range 1–" + Limits.MAX_CPU_MS);
    }
    if (limits.subrequests() < 0 || limits.subrequests() > Limits.MAX_SUBREQUESTS) {
      out.add("limits.subrequests " + limits.subrequests() + " is out of range 0–" + Limits.MAX_SUBREQUESTS);
    }
    Set<String> bindings = new HashSet<>();
    for (KvBinding kv : kvNamespaces) {
      if (!JS_IDENTIFIER.matcher(kv.binding()).matches()) {
        out.add("kv_namespaces: binding \"" + kv.binding() + "\" must be a JavaScript identifier (letters, digits, _ or $, not starting with a digit)");
      } else if (vars.containsKey(kv.binding())) {
        out.add("kv_namespaces: binding \"" + kv.binding() + "\" is also a name in [vars]; rename one of them");
      } else if (!bindings.add(kv.binding())) {
        out.add("kv_namespaces: binding \"" + kv.binding() + "\" is declared twice");
      }
      if (!ID.matcher(kv.id()).matches()) {
        out.add("kv_namespaces: id \"" + kv.id() + "\" of binding \"" + kv.binding() + "\" must be 1 to 64 letters, digits, '_' or '-'");
      }
    }
    if (wasmInterface != null && !WASM_INTERFACES.contains(wasmInterface)) {
      out.add("wasm_interface \"" + wasmInterface + "\" must be \"wagi\" or \"native\" (or absent for a JavaScript worker)");
    }
    if (origin != null && !isHttpUrl(origin)) {
      out.add("origin \"" + origin + "\" must be an absolute http:// or https:// URL");
    }
    return out;
  }

  /**
   * Returns this metadata if it is valid.
   *
   * @throws IllegalArgumentException listing every problem, one per line
   */
  public WorkerMetadata validate() {
    List<String> problems = problems();
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid worker config:\n  " + String.join("\n  ", problems));
    }
    return this;
  }

  private static boolean isDate(String s) {
    if (!DATE.matcher(s).matches()) {
      return false;
    }
    try {
      LocalDate.parse(s);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private static boolean isHttpUrl(String s) {
    try {
      URI u = new URI(s);
      return ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  // ---- JSON ----

  /** The JSON form (UTF-8, sorted keys, no whitespace): equal metadata gives equal bytes. */
  public byte[] toJson() {
    try {
      return JSON.writeValueAsBytes(toJsonNode());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("vars hold a value JSON cannot represent: " + e.getOriginalMessage(), e);
    }
  }

  /** The JSON tree, for APIs that embed the metadata in a larger document. */
  public ObjectNode toJsonNode() {
    ObjectNode o = JSON.createObjectNode();
    o.put("name", name);
    o.put("main", main);
    if (compatibilityDate != null) {
      o.put("compatibility_date", compatibilityDate);
    }
    ArrayNode r = o.putArray("routes");
    routes.forEach(r::add);
    o.set("vars", JSON.valueToTree(vars));
    ObjectNode l = o.putObject("limits");
    l.put("memory_mb", limits.memoryMb());
    l.put("cpu_ms", limits.cpuMs());
    l.put("subrequests", limits.subrequests());
    ArrayNode kv = o.putArray("kv_namespaces");
    for (KvBinding b : kvNamespaces) {
      kv.addObject().put("binding", b.binding()).put("id", b.id());
    }
    if (wasmInterface != null) {
      o.put("wasm_interface", wasmInterface);
    }
    if (origin != null) {
      o.put("origin", origin);
    }
    return o;
  }

  /**
   * Reads the JSON form. Checks shapes only (a string where a string belongs); call {@link
   * #validate()} for the values.
   *
   * @throws IllegalArgumentException naming the key that is missing or of the wrong type
   */
  public static WorkerMetadata fromJson(byte[] json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("worker metadata is not valid JSON: "
          + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("worker metadata must be a JSON object");
    }
    return fromJsonNode(root);
  }

  /** Reads the JSON tree; see {@link #fromJson(byte[])}. */
  public static WorkerMetadata fromJsonNode(JsonNode root) {
    String name = required(root, "name");
    String main = required(root, "main");
    List<String> routes = new ArrayList<>();
    for (JsonNode r : array(root, "routes")) {
      if (!r.isTextual()) {
        throw new IllegalArgumentException("worker metadata: every entry of \"routes\" must be a string");
      }
      routes.add(r.asText());
    }
    Map<String, @Nullable Object> vars = new LinkedHashMap<>();
    JsonNode v = root.get("vars");
    if (v != null && !v.isNull()) {
      if (!v.isObject()) {
        throw new IllegalArgumentException("worker metadata: \"vars\" must be an object");
      }
      for (Map.Entry<String, JsonNode> e : v.properties()) {
        vars.put(e.getKey(), JSON.convertValue(e.getValue(), Object.class));
      }
    }
    Limits limits = Limits.DEFAULT;
    JsonNode l = root.get("limits");
    if (l != null && !l.isNull()) {
      if (!l.isObject()) {
        throw new IllegalArgumentException("worker metadata: \"limits\" must be an object");
      }
      limits = new Limits(integer(l, "memory_mb", Limits.DEFAULT_MEMORY_MB), integer(l, "cpu_ms", Limits.DEFAULT_CPU_MS),
          integer(l, "subrequests", Limits.DEFAULT_SUBREQUESTS));
    }
    List<KvBinding> kv = new ArrayList<>();
    for (JsonNode b : array(root, "kv_namespaces")) {
      if (!b.isObject()) {
        throw new IllegalArgumentException("worker metadata: every entry of \"kv_namespaces\" must be an object {binding, id}");
      }
      kv.add(new KvBinding(required(b, "binding"), required(b, "id")));
    }
    return new WorkerMetadata(name, main, optional(root, "compatibility_date"), routes, vars, limits, kv,
        optional(root, "wasm_interface"), optional(root, "origin"));
  }

  private static String required(JsonNode o, String key) {
    String s = optional(o, key);
    if (s == null) {
      throw new IllegalArgumentException("worker metadata: \"" + key + "\" is missing");
    }
    return s;
  }

  private static @Nullable String optional(JsonNode o, String key) {
    JsonNode n = o.get(key);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isTextual()) {
      throw new IllegalArgumentException("worker metadata: \"" + key + "\" must be a string, got " + kind(n));
    }
    return n.asText();
  }

  private static int integer(JsonNode o, String key, int dflt) {
    JsonNode n = o.get(key);
    if (n == null || n.isNull()) {
      return dflt;
    }
    if (!n.isIntegralNumber() || !n.canConvertToInt()) {
      throw new IllegalArgumentException("worker metadata: \"limits." + key + "\" must be an integer, got " + kind(n));
    }
    return n.intValue();
  }

  private static Iterable<JsonNode> array(JsonNode o, String key) {
    JsonNode n = o.get(key);
    if (n == null || n.isNull()) {
      return List.of();
    }
    if (!n.isArray()) {
      throw new IllegalArgumentException("worker metadata: \"" + key + "\" must be an array, got " + kind(n));
    }
    return n;
  }

  private static String kind(JsonNode n) {
    JsonNodeType t = n.getNodeType();
    return t.name().toLowerCase(java.util.Locale.ROOT);
  }
}
