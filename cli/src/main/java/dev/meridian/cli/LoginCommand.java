package dev.meridian.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.util.Map;
import java.util.Set;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * {@code meridian login [--api URL] [--token TOKEN]}: checks the token against the control plane and
 * stores both for the other commands. Without {@code --token} the token is read from standard input
 * (so it stays out of shell history).
 */
final class LoginCommand implements Meridian.Command {

  static final String USAGE = "usage: meridian login [--api URL] [--token TOKEN]\n"
      + "  --api    the control plane's address (default " + Credentials.DEFAULT_API + ")\n"
      + "  --token  an API token; without it the token is read from standard input\n"
      + "Stores both in ~/.meridian/credentials.json; MERIDIAN_API and MERIDIAN_TOKEN override them.\n";

  @Override
  public String summary() {
    return "store the control plane's address and an API token";
  }

  @Override
  public int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) throws Exception {
    CommandLine line = CommandLine.parse(args, Set.of("--api", "--token"), Set.of(), USAGE, out);
    if (line == null) {
      return 0;
    }
    line.noWords(USAGE);
    String api = line.value("--api") != null ? line.value("--api") : env.getOrDefault("MERIDIAN_API", Credentials.DEFAULT_API);
    String token = line.value("--token");
    URI uri = Credentials.parseApi(api);
    if (token == null) {
      err.print("API token: ");
      token = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      if (token == null || token.isBlank()) {
        throw new Meridian.UsageException("no token given on standard input\n" + USAGE);
      }
    }
    JsonNode whoami = new ApiClient(new Credentials(uri, token.strip())).get("/v1/whoami");
    Credentials.store(Credentials.file(), uri, token.strip());
    out.println("logged in to " + uri + " as tenant '" + whoami.path("tenant").asText() + "' (scopes: "
        + String.join(", ", Tenants.texts(whoami.path("scopes"))) + "); saved in " + Credentials.file());
    return 0;
  }
}
