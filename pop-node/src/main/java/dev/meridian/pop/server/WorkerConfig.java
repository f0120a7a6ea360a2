package dev.meridian.pop.server;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.meridian.bundles.RoutePattern;
import dev.meridian.pop.io.WorkerLimits;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A worker's {@code meridian.toml}, with wrangler.toml's key names where the meaning is the same.
 *
 * <pre>
 * name = "hello"                      # required: letters, digits, '-' and '_'
 * main = "src/index.js"               # required: the main module, JavaScript or a .wasm
 * compatibility_date = "2026-11-01"   # optional: YYYY-MM-DD
 * routes = ["example.com/*"]          # optional: hostname + path patterns
 * origin = "https://origin.example"   # optional: where passThroughOnException() sends requests
 *
 * [vars]                              # plain values on env
 * GREETING = "hello"
 *
 * [secrets]                           # values on env that are never logged or listed
 * API_KEY = "..."                     # (in development; .dev.vars beside the file works too)
 *
 * [limits]
 * memory_mb = 128                     # heap per isolate
 * cpu_ms = 50                         # CPU per request
 * subrequests = 50                    # fetch() calls per request
 *
 * [[kv_namespaces]]                   # one table per Workers KV binding, as in wrangler.toml
 * binding = "MY_KV"                   # the name on env: a JavaScript identifier
 * id = "cache"                        # the namespace, the tenant's own: 1-64 of [A-Za-z0-9_-]
 *
 * [build]                             # optional: run before meridian deploy bundles the files
 * command = "npm run build"           # through sh -c, in the project directory (or cwd); must exit 0
 * cwd = "."                           # optional: relative to the project directory
 *
 * [wasm]                              # only when main is a .wasm module
 * interface = "wagi"                  # how it serves HTTP: "wagi" (a WASI command run CGI-style) or
 *                                     # "native" (wit/meridian-http.wit); by default, by its exports
 * </pre>
 *
 * A {@code .wasm} main module is a WebAssembly worker: its vars and secrets become environment
 * variables (so vars must be strings, numbers or booleans), memory_mb bounds its linear memory and
 * cpu_ms each request; it has no bindings, so {@code [[kv_namespaces]]} is an error there.
 *
 * Every key is checked at load: an unknown key or a wrong type is an error that names the key. A
 * name on {@code env} is given once: a binding named like a var or a secret is an error, and a var
 * may not be a table with a {@code "$binding"} key (that shape is how bindings are described to the
 * runtime, so a var could otherwise pose as one).
 */
public record WorkerConfig(
    String name,
    String main,
    @Nullable String compatibilityDate,
    List<String> routes,
    @Nullable String origin,
    Map<String, Object> vars,
    Map<String, String> secrets,
    WorkerLimits limits,
    List<KvBinding> kvNamespaces,
    @Nullable WasmSettings wasm,
    @Nullable Build build) {

  /** The {@code [build]} table: a shell command that produces the files to bundle. */
  public record Build(String command, @Nullable String cwd) {}

  /**
   * The {@code [wasm]} table, present (with its defaults) exactly when main is a {@code .wasm}.
   *
   * @param interfaceName how the module serves HTTP: {@link #WAGI} runs a WASI command per request
   *     with the request as CGI variables and stdin, {@link #NATIVE} calls the {@code handle} export
   *     of a module written against wit/meridian-http.wit; null (the default) tells them apart by
   *     the module's exports ({@code _start} or {@code handle})
   */
  public record WasmSettings(@Nullable String interfaceName) {
    public static final String WAGI = "wagi";
    public static final String NATIVE = "native";
    public static final Set<String> INTERFACES = Set.of(WAGI, NATIVE);
    public static final WasmSettings DEFAULTS = new WasmSettings(null);
  }

  /**
   * One {@code [[kv_namespaces]]} table: {@code env[binding]} is the namespace {@code id} of the
   * worker's tenant.
   */
  public record KvBinding(String binding, String id) {}

  private static final Set<String> TOP_LEVEL =
      Set.of("name", "main", "compatibility_date", "routes", "origin", "vars", "secrets", "limits",
          "kv_namespaces", "wasm", "build");
  private static final Set<String> BUILD = Set.of("command", "cwd");
  private static final Set<String> WASM = Set.of("interface");
  private static final Set<String> KV_NAMESPACE = Set.of("binding", "id");
  private static final Pattern JS_IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");
  /** As {@code dev.meridian.kv.NamespaceId} requires, so the name is safe as a directory and a topic. */
  private static final Pattern NAMESPACE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  /** The key that marks a binding's descriptor on env (see the runtime's makeEnv). */
  static final String BINDING_MARKER = "$binding";
  private static final Set<String> LIMITS = Set.of("memory_mb", "cpu_ms", "subrequests");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

  /** Parses and checks the text of a {@code meridian.toml}; {@code file} names it in errors. */
  public static WorkerConfig parse(String toml, String file) throws ConfigException {
    JsonNode root;
    try {
      root = new TomlMapper().readTree(toml);
    } catch (JacksonException e) {
      throw new ConfigException(file + ": not valid TOML: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
    }
    if (!(root instanceof ObjectNode table)) {
      throw new ConfigException(file + ": expected a TOML table at the top level");
    }
    unknownKeys(table, TOP_LEVEL, file, "");
    String name = requiredString(table, "name", file);
    if (!NAME.matcher(name).matches()) {
      throw new ConfigException(file + ": name '" + name
          + "' must be 1-63 letters, digits, '-' or '_', starting with a letter or digit");
    }
    String main = requiredString(table, "main", file);
    String date = optionalString(table, "compatibility_date", file);
    if (date != null && !DATE.matcher(date).matches()) {
      throw new ConfigException(file + ": compatibility_date must be YYYY-MM-DD, was '" + date + "'");
    }
    List<String> routes = new ArrayList<>();
    JsonNode routeNode = table.get("routes");
    if (routeNode != null) {
      if (!routeNode.isArray()) {
        throw new ConfigException(file + ": routes must be an array of strings like \"example.com/*\"");
      }
      for (JsonNode route : routeNode) {
        if (!route.isTextual()) {
          throw new ConfigException(file + ": bad route " + route + ": a route is a string like \"example.com/*\"");
        }
        try {
          RoutePattern.parse(route.asText());
        } catch (IllegalArgumentException e) {
          throw new ConfigException(file + ": bad route " + route + ": " + e.getMessage());
        }
        routes.add(route.asText());
      }
    }
    String origin = optionalString(table, "origin", file);
    if (origin != null && !origin.startsWith("http://") && !origin.startsWith("https://")) {
      throw new ConfigException(file + ": origin must be an http:// or https:// URL, was '" + origin + "'");
    }
    Map<String, Object> vars = new LinkedHashMap<>();
    JsonNode varsNode = table.get("vars");
    if (varsNode != null) {
      if (!varsNode.isObject()) {
        throw new ConfigException(file + ": [vars] must be a table");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = varsNode.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        if (entry.getValue().isObject() && entry.getValue().has(BINDING_MARKER)) {
          throw new ConfigException(file + ": vars." + entry.getKey() + " is a table with a '" + BINDING_MARKER
              + "' key, which is reserved for bindings: declare a KV namespace under [[kv_namespaces]], or rename the key");
        }
        vars.put(entry.getKey(), plain(entry.getValue()));
      }
    }
    Map<String, String> secrets = new LinkedHashMap<>();
    JsonNode secretsNode = table.get("secrets");
    if (secretsNode != null) {
      if (!secretsNode.isObject()) {
        throw new ConfigException(file + ": [secrets] must be a table of strings");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = secretsNode.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        if (!entry.getValue().isTextual()) {
          throw new ConfigException(file + ": secrets." + entry.getKey() + " must be a string");
        }
        secrets.put(entry.getKey(), entry.getValue().asText());
      }
    }
    WorkerLimits limits = WorkerLimits.DEFAULTS;
    JsonNode limitsNode = table.get("limits");
    if (limitsNode != null) {
      if (!(limitsNode instanceof ObjectNode limitsTable)) {
        throw new ConfigException(file + ": [limits] must be a table");
      }
      unknownKeys(limitsTable, LIMITS, file, "limits.");
      try {
        limits = new WorkerLimits(
            intValue(limitsTable, "memory_mb", WorkerLimits.DEFAULT_HEAP_MB, file),
            intValue(limitsTable, "cpu_ms", WorkerLimits.DEFAULT_CPU_MS, file),
            intValue(limitsTable, "subrequests", WorkerLimits.DEFAULT_SUBREQUESTS, file));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(file + ": " + e.getMessage());
      }
    }
    List<KvBinding> kv = kvNamespaces(table.get("kv_namespaces"), file);
    for (KvBinding binding : kv) {
      if (vars.containsKey(binding.binding()) || secrets.containsKey(binding.binding())) {
        throw new ConfigException(file + ": '" + binding.binding() + "' is both a KV binding and a "
            + (vars.containsKey(binding.binding()) ? "var" : "secret") + ": env has one value per name, rename one");
      }
    }
    WasmSettings wasm = wasmSettings(table.get("wasm"), main, file);
    if (wasm != null) {
      if (!kv.isEmpty()) {
        throw new ConfigException(file + ": kv_namespaces[0] ('" + kv.get(0).binding() + "'): a Wasm worker ("
            + main + ") has no bindings yet; remove [[kv_namespaces]] or use a JavaScript main module");
      }
      for (Map.Entry<String, Object> var : vars.entrySet()) {
        if (var.getValue() instanceof Map || var.getValue() instanceof List) {
          throw new ConfigException(file + ": vars." + var.getKey() + " is a table or an array, but a Wasm worker"
              + " gets its vars as environment variables: give a string, number or boolean");
        }
      }
    }
    return new WorkerConfig(name, main, date, List.copyOf(routes), origin, vars, secrets, limits, kv, wasm,
        build(table.get("build"), file));
  }

  private static @Nullable Build build(@Nullable JsonNode node, String file) throws ConfigException {
    if (node == null) {
      return null;
    }
    if (!(node instanceof ObjectNode table)) {
      throw new ConfigException(file + ": [build] must be a table with command = \"...\"");
    }
    unknownKeys(table, BUILD, file, "build.");
    String cwd = optionalString(table, "cwd", file, "build.");
    if (cwd != null && (cwd.startsWith("/") || Path.of(cwd).normalize().startsWith(".."))) {
      throw new ConfigException(file + ": build.cwd '" + cwd + "' must be a directory inside the project");
    }
    return new Build(requiredString(table, "command", file, "build."), cwd);
  }

  private static @Nullable WasmSettings wasmSettings(@Nullable JsonNode node, String main, String file)
      throws ConfigException {
    boolean wasmMain = main.endsWith(".wasm");
    if (node == null) {
      return wasmMain ? WasmSettings.DEFAULTS : null;
    }
    if (!wasmMain) {
      throw new ConfigException(file + ": [wasm] applies only to a .wasm main module, and main is '" + main + "'");
    }
    if (!(node instanceof ObjectNode table)) {
      throw new ConfigException(file + ": [wasm] must be a table");
    }
    unknownKeys(table, WASM, file, "wasm.");
    String name = optionalString(table, "interface", file, "wasm.");
    if (name == null) {
      return WasmSettings.DEFAULTS;
    }
    if (!WasmSettings.INTERFACES.contains(name)) {
      throw new ConfigException(file + ": unknown wasm.interface '" + name + "' (known: "
          + String.join(", ", WasmSettings.INTERFACES.stream().sorted().toList()) + ")");
    }
    return new WasmSettings(name);
  }

  private static List<KvBinding> kvNamespaces(@Nullable JsonNode node, String file) throws ConfigException {
    if (node == null) {
      return List.of();
    }
    if (!node.isArray()) {
      throw new ConfigException(file + ": kv_namespaces must be an array of tables: write each as [[kv_namespaces]]"
          + " with binding = \"MY_KV\" and id = \"...\"");
    }
    List<KvBinding> bindings = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < node.size(); i++) {
      String where = "kv_namespaces[" + i + "]";
      if (!(node.get(i) instanceof ObjectNode entry)) {
        throw new ConfigException(file + ": " + where + " must be a table with binding and id");
      }
      unknownKeys(entry, KV_NAMESPACE, file, where + ".");
      String binding = requiredString(entry, "binding", file, where + ".");
      if (!JS_IDENTIFIER.matcher(binding).matches()) {
        throw new ConfigException(file + ": " + where + ".binding '" + binding
            + "' must be a JavaScript identifier (letters, digits, '_' or '$', not starting with a digit):"
            + " it is the name on env");
      }
      String id = requiredString(entry, "id", file, where + ".");
      if (!NAMESPACE_ID.matcher(id).matches()) {
        throw new ConfigException(file + ": " + where + ".id '" + id
            + "' must be 1 to 64 letters, digits, '_' or '-': it names the namespace");
      }
      if (!names.add(binding)) {
        throw new ConfigException(file + ": " + where + ".binding '" + binding
            + "' is declared twice: each KV binding needs its own name");
      }
      bindings.add(new KvBinding(binding, id));
    }
    return List.copyOf(bindings);
  }

  /** The defaults for a worker given as a single module file, with no meridian.toml. */
  public static WorkerConfig forModule(String name, String main) {
    return new WorkerConfig(name, main, null, List.of(), null, Map.of(), Map.of(), WorkerLimits.DEFAULTS, List.of(),
        main.endsWith(".wasm") ? WasmSettings.DEFAULTS : null, null);
  }

  private static void unknownKeys(ObjectNode table, Set<String> known, String file, String prefix)
      throws ConfigException {
    for (Iterator<String> it = table.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!known.contains(key)) {
        throw new ConfigException(file + ": unknown key '" + prefix + key + "' (known keys: "
            + String.join(", ", known.stream().sorted().toList()) + ")");
      }
    }
  }

  private static String requiredString(ObjectNode table, String key, String file) throws ConfigException {
    return requiredString(table, key, file, "");
  }

  private static String requiredString(ObjectNode table, String key, String file, String prefix)
      throws ConfigException {
    String value = optionalString(table, key, file, prefix);
    if (value == null || value.isBlank()) {
      throw new ConfigException(file + ": '" + prefix + key + "' is required");
    }
    return value;
  }

  private static @Nullable String optionalString(ObjectNode table, String key, String file) throws ConfigException {
    return optionalString(table, key, file, "");
  }

  private static @Nullable String optionalString(ObjectNode table, String key, String file, String prefix)
      throws ConfigException {
    JsonNode node = table.get(key);
    if (node == null) {
      return null;
    }
    if (!node.isTextual()) {
      throw new ConfigException(file + ": '" + prefix + key + "' must be a string, was " + node);
    }
    return node.asText();
  }

  private static int intValue(ObjectNode table, String key, int fallback, String file) throws ConfigException {
    JsonNode node = table.get(key);
    if (node == null) {
      return fallback;
    }
    if (!node.canConvertToInt() || !node.isIntegralNumber()) {
      throw new ConfigException(file + ": limits." + key + " must be a whole number, was " + node);
    }
    return node.intValue();
  }

  private static Object plain(JsonNode node) {
    if (node.isTextual()) {
      return node.asText();
    }
    return new com.fasterxml.jackson.databind.ObjectMapper().convertValue(node, Object.class);
  }

  /** A meridian.toml that cannot be used; the message names the file and the key. */
  public static final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
      super(message, null, false, false);
    }
  }
}
