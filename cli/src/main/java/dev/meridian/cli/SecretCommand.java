package dev.meridian.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

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
    String worker = null;
    String action = null;
    String secret = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--name" -> worker = Args.value(args, ++i, "--name");
        case "-h", "--help" -> {
          out.print(USAGE);
          return 0;
        }
        default -> {
          if (args[i].startsWith("-")) {
            throw new Meridian.UsageException("unexpected argument '" + args[i] + "'\n" + USAGE);
          } else if (action == null) {
            action = args[i];
          } else if (secret == null) {
            secret = args[i];
          } else {
            throw new Meridian.UsageException("unexpected argument '" + args[i] + "'\n" + USAGE);
          }
        }
      }
    }
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
