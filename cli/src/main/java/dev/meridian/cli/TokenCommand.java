package dev.meridian.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.control.auth.TokenService;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@code meridian token create|list|revoke} and {@code meridian tenant create|list}: API tokens (a
 * CI's deploy token, a PoP's node token) and, for the operator, tenants. A new token is shown once;
 * the control plane keeps only its hash.
 */
final class TokenCommand implements Meridian.Command {

  static final String USAGE = "usage: meridian token create --name NAME --scope SCOPE... [--tenant TENANT]"
      + " [--expires-in LIFETIME]\n"
      + "       meridian token list [--tenant TENANT]\n"
      + "       meridian token revoke ID [--tenant TENANT]\n"
      + "       meridian tenant create NAME | meridian tenant list     (operator)\n"
      + "  scopes: admin, workers:read, workers:write, secrets:write, kv:read, kv:write, tail, node\n"
      + "  --tenant      another tenant's tokens (the operator's admin token only)\n"
      + "  --expires-in  refuse the token after this long: 90m, 12h, 30d (s, m, h or d; at most "
      + TokenService.MAX_LIFETIME.toDays() + "d);\n"
      + "                without it the token never expires\n";

  private final boolean tenants;

  TokenCommand(boolean tenants) {
    this.tenants = tenants;
  }

  @Override
  public String summary() {
    return tenants ? "create or list tenants (operator)" : "create, list or revoke API tokens";
  }

  @Override
  public int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) throws Exception {
    CommandLine line = CommandLine.parse(args, Set.of("--name", "--scope", "--tenant", "--expires-in"), Set.of(),
        USAGE, out);
    if (line == null) {
      return 0;
    }
    String name = line.value("--name");
    String tenant = line.value("--tenant");
    String expiresIn = line.value("--expires-in");
    // Checked before any credentials are looked for: a bad value is a usage error wherever it is run.
    Duration lifetime = expiresIn == null ? null : Args.duration(expiresIn, "--expires-in", TokenService.MAX_LIFETIME);
    List<String> scopes = line.values("--scope");
    List<String> words = line.words();
    if (words.isEmpty()) {
      throw new Meridian.UsageException("give an action\n" + USAGE);
    }
    ApiClient api = new ApiClient(Credentials.resolve(env));
    String action = words.get(0);
    if (tenants) {
      switch (action) {
        case "create" -> {
          String tenantName = words.size() > 1 ? words.get(1) : null;
          if (tenantName == null) {
            throw new Meridian.UsageException("tenant create needs a NAME\n" + USAGE);
          }
          api.post("/v1/tenants", Map.of("name", tenantName));
          out.println("tenant " + tenantName + " created; give it a token: meridian token create --tenant " + tenantName
              + " --name deploy --scope workers:write --scope workers:read");
        }
        case "list" -> api.get("/v1/tenants").path("tenants").forEach(t -> out.println(t.path("name").asText()));
        default -> throw new Meridian.UsageException("unknown action 'tenant " + action + "'\n" + USAGE);
      }
      return 0;
    }
    switch (action) {
      case "create" -> {
        if (name == null || scopes.isEmpty()) {
          throw new Meridian.UsageException("token create needs --name and at least one --scope\n" + USAGE);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("scopes", scopes);
        if (tenant != null) {
          body.put("tenant", tenant);
        }
        if (lifetime != null) {
          body.put("expires_in", lifetime.toSeconds());
        }
        JsonNode created = api.post("/v1/tokens", body);
        String expires = text(created.path("expires_at"));
        out.println(created.path("token").asText());
        err.println("token " + created.path("id").asText() + " of tenant " + created.path("tenant").asText()
            + " (" + String.join(", ", Tenants.texts(created.path("scopes"))) + "), "
            + (expires == null ? "never expiring" : "expiring at " + expires) + "; it is shown only this once");
      }
      case "list" -> {
        out.printf("%-20s %-20s %-12s %-40s %-20s %s%n", "ID", "NAME", "TENANT", "SCOPES", "EXPIRES", "REVOKED");
        for (JsonNode token : api.get("/v1/tokens" + tenantQuery(tenant)).path("tokens")) {
          String expires = text(token.path("expires_at"));
          String revoked = text(token.path("revoked_at"));
          out.printf("%-20s %-20s %-12s %-40s %-20s %s%n", token.path("id").asText(), token.path("name").asText(),
              token.path("tenant").asText(), String.join(",", Tenants.texts(token.path("scopes"))),
              expires == null ? "never" : expires, revoked == null ? "" : revoked);
        }
      }
      case "revoke" -> {
        if (words.size() < 2) {
          throw new Meridian.UsageException("token revoke needs the token's ID (meridian token list)\n" + USAGE);
        }
        api.delete("/v1/tokens/" + ApiClient.encode(words.get(1)) + tenantQuery(tenant));
        out.println("token " + words.get(1) + " revoked; it is refused from now on");
      }
      default -> throw new Meridian.UsageException("unknown action '" + action + "'\n" + USAGE);
    }
    return 0;
  }

  /** The field's text, or null when it is null or missing. */
  private static @Nullable String text(JsonNode field) {
    return field.isNull() || field.isMissingNode() ? null : field.asText();
  }

  private static String tenantQuery(String tenant) {
    return tenant == null ? "" : "?tenant=" + ApiClient.encode(tenant);
  }
}
