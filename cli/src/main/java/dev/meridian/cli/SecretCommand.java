package dev.meridian.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code meridian secret put|delete|list}: a worker's secrets. The value of {@code put} is read from
 * standard input, never from the command line (which shells keep in their history); the control
 * plane stores it encrypted and never shows it again.
 */
final class SecretCommand implements Meridian.Command {

  static final String USAGE = "usage: meridian secret put NAME [--name WORKER]    (the value is read from standard input)\n"
      + "       meridian secret delete NAME [--name WORKER]\n"
      + "       meridian secret list [--name WORKER]\n"
      + "  --name  the worker (default: the name in ./meridian.toml)\n";

  @Override
  public String summary() {
    return "put, delete or list a worker's secrets";
  }

  @Override
  public int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) throws Exception {
    CommandLine line = CommandLine.parse(args, Set.of("--name"), Set.of(), USAGE, out);
    if (line == null) {
      return 0;
    }
    String worker = line.value("--name");
    List<String> words = line.words();
    if (words.size() > 2) {
      throw new Meridian.UsageException("unexpected argument '" + words.get(2) + "'\n" + USAGE);
    }
    String action = words.isEmpty() ? null : words.get(0);
    String secret = words.size() < 2 ? null : words.get(1);
    if (action == null || !action.equals("list") && secret == null) {
      throw new Meridian.UsageException("give an action and, for put and delete, the secret's NAME\n" + USAGE);
    }
    String name = Tenants.workerName(worker, Path.of(""));
    ApiClient api = new ApiClient(Credentials.resolve(env));
    String path = "/v1/workers/" + ApiClient.encode(name) + "/secrets";
    switch (action) {
      case "put" -> {
        String value = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        value = value.endsWith("\n") ? value.substring(0, value.length() - 1) : value;
        if (value.isEmpty()) {
          throw new Meridian.UsageException("the secret's value is read from standard input, which was empty "
              + "(e.g. `printf %s VALUE | meridian secret put " + secret + "`)");
        }
        api.put(path + "/" + ApiClient.encode(secret), Map.of("value", value));
        out.println("secret " + secret + " of worker " + name + " stored; PoPs serve it with the next requests");
      }
      case "delete" -> {
        api.delete(path + "/" + ApiClient.encode(secret));
        out.println("secret " + secret + " of worker " + name + " deleted");
      }
      case "list" -> {
        JsonNode list = api.get(path);
        list.path("secrets").forEach(entry -> out.println(entry.isTextual() ? entry.asText() : entry.path("name").asText()));
      }
      default -> throw new Meridian.UsageException("unknown action '" + action + "'\n" + USAGE);
    }
    return 0;
  }
}
