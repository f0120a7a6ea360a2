package dev.meridian.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code meridian kv ...}: a tenant's KV namespaces and their keys, the same data workers see through
 * their {@code [[kv_namespaces]]} bindings.
 */
final class KvCommand implements Meridian.Command {

  static final String USAGE = "usage: meridian kv namespace create NAME\n"
      + "       meridian kv namespace delete NAME|ID\n"
      + "       meridian kv namespace list\n"
      + "       meridian kv put --namespace ID KEY [VALUE | --file PATH]   (no VALUE: standard input)\n"
      + "       meridian kv get --namespace ID KEY\n"
      + "       meridian kv delete --namespace ID KEY\n"
      + "       meridian kv list --namespace ID [--prefix P]\n"
      + "  ID: the namespace's id (meridian.toml's [[kv_namespaces]] id) or its name\n";

  @Override
  public String summary() {
    return "manage KV namespaces and read or write their keys";
  }

  @Override
  public int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) throws Exception {
    CommandLine line = CommandLine.parse(args, Set.of("--namespace", "--prefix", "--file"), Set.of(), USAGE, out);
    if (line == null) {
      return 0;
    }
    String namespace = line.value("--namespace");
    String prefix = line.value("--prefix");
    Path file = line.value("--file") == null ? null : Path.of(line.value("--file"));
    List<String> words = line.words();
    if (words.isEmpty()) {
      throw new Meridian.UsageException("give an action\n" + USAGE);
    }
    ApiClient api = new ApiClient(Credentials.resolve(env));
    String action = words.get(0);
    if (action.equals("namespace")) {
      return namespace(api, words, out);
    }
    if (namespace == null) {
      throw new Meridian.UsageException("kv " + action + " needs --namespace ID\n" + USAGE);
    }
    String base = "/v1/kv/namespaces/" + ApiClient.encode(resolve(api, namespace));
    switch (action) {
      case "put" -> {
        String key = word(words, 1, "KEY");
        byte[] value = file != null ? Files.readAllBytes(file)
            : words.size() > 2 ? words.get(2).getBytes(StandardCharsets.UTF_8) : System.in.readAllBytes();
        api.putBytes(base + "/values/" + ApiClient.encode(key), "application/octet-stream", value);
        out.println("put " + key + " (" + value.length + " bytes) in " + namespace);
      }
      case "get" -> {
        String key = word(words, 1, "KEY");
        byte[] value = api.getBytes(base + "/values/" + ApiClient.encode(key));
        if (value == null) {
          err.println("meridian kv get: " + namespace + " has no key '" + key + "'");
          return 1;
        }
        out.write(value);
        out.flush();
      }
      case "delete" -> {
        String key = word(words, 1, "KEY");
        api.delete(base + "/values/" + ApiClient.encode(key));
        out.println("deleted " + key + " from " + namespace);
      }
      case "list" -> list(api, base, prefix, out);
      default -> throw new Meridian.UsageException("unknown action '" + action + "'\n" + USAGE);
    }
    return 0;
  }

  private static int namespace(ApiClient api, List<String> words, PrintStream out) throws Exception {
    String action = word(words, 1, "create, delete or list");
    switch (action) {
      case "create" -> {
        String name = word(words, 2, "NAME");
        String id = api.post("/v1/kv/namespaces", Map.of("name", name)).path("id").asText();
        out.println("namespace " + name + " created with id " + id + "; bind it in meridian.toml:");
        out.println("[[kv_namespaces]]\nbinding = \"" + name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_]", "_")
            + "\"\nid = \"" + id + "\"");
      }
      case "delete" -> {
        String given = word(words, 2, "NAME or ID");
        api.delete("/v1/kv/namespaces/" + ApiClient.encode(resolve(api, given)));
        out.println("namespace " + given + " deleted");
      }
      case "list" -> api.get("/v1/kv/namespaces").path("namespaces").forEach(entry ->
          out.println(entry.path("id").asText() + "  " + entry.path("name").asText()));
      default -> throw new Meridian.UsageException("unknown action 'namespace " + action + "'\n" + USAGE);
    }
    return 0;
  }

  /** A namespace's id, given its id or its name. */
  private static String resolve(ApiClient api, String given) throws Exception {
    for (JsonNode entry : api.get("/v1/kv/namespaces").path("namespaces")) {
      if (entry.path("id").asText().equals(given) || entry.path("name").asText().equals(given)) {
        return entry.path("id").asText();
      }
    }
    throw new Meridian.UsageException("no KV namespace has the id or name '" + given
        + "' (see `meridian kv namespace list`)");
  }

  /** Pages through the keys with the control plane's cursor, one key a line. */
  private static void list(ApiClient api, String base, String prefix, PrintStream out) throws Exception {
    String cursor = null;
    do {
      StringBuilder query = new StringBuilder(base).append("/keys?limit=1000");
      if (prefix != null) {
        query.append("&prefix=").append(ApiClient.encode(prefix));
      }
      if (cursor != null) {
        query.append("&cursor=").append(ApiClient.encode(cursor));
      }
      JsonNode page = api.get(query.toString());
      page.path("keys").forEach(key -> out.println(key.isTextual() ? key.asText() : key.path("name").asText()));
      cursor = page.path("cursor").isTextual() && !page.path("list_complete").asBoolean(false)
          ? page.get("cursor").asText() : null;
    } while (cursor != null && !cursor.isEmpty());
  }

  private static String word(List<String> words, int index, String what) throws Meridian.UsageException {
    if (words.size() <= index) {
      throw new Meridian.UsageException("missing " + what + "\n" + USAGE);
    }
    return words.get(index);
  }
}
