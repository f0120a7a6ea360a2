package dev.meridian.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Where the tenant commands find the control plane and their token: {@code MERIDIAN_API} and {@code
 * MERIDIAN_TOKEN} in the environment first (for CI and scripts), then what {@code meridian login}
 * stored in {@code ~/.meridian/credentials.json} (mode 0600), then the all-in-one server's default
 * address; and for that address, with no token given, the admin token a {@code meridian server}
 * with the default data directory wrote on this machine.
 */
record Credentials(URI api, String token) {

  static final String DEFAULT_API = "http://127.0.0.1:8790";
  private static final ObjectMapper JSON = new ObjectMapper();

  static Path file() {
    return Path.of(System.getProperty("user.home"), ".meridian", "credentials.json");
  }

  /** The credentials in effect, or a usage error that says how to log in. */
  static Credentials resolve(Map<String, String> environment) throws Meridian.UsageException, IOException {
    Stored stored = read(file());
    String api = environment.getOrDefault("MERIDIAN_API", stored.api() != null ? stored.api() : DEFAULT_API);
    String token = environment.getOrDefault("MERIDIAN_TOKEN", stored.token());
    Path localAdmin = Path.of(System.getProperty("user.home"), ".meridian", "server", "admin-token");
    if (token == null && api.equals(DEFAULT_API) && Files.isReadable(localAdmin)) {
      token = Files.readString(localAdmin);
    }
    if (token == null || token.isBlank()) {
      throw new Meridian.UsageException("no API token: run `meridian login --token TOKEN [--api URL]` "
          + "or set MERIDIAN_TOKEN (the all-in-one server writes its admin token to DATA/admin-token)");
    }
    return new Credentials(parseApi(api), token.strip());
  }

  static URI parseApi(String api) throws Meridian.UsageException {
    try {
      URI uri = URI.create(api.endsWith("/") ? api.substring(0, api.length() - 1) : api);
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
        throw new IllegalArgumentException();
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new Meridian.UsageException("the API address must be an http:// or https:// URL, was '" + api + "'");
    }
  }

  record Stored(@Nullable String api, @Nullable String token) {}

  static Stored read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return new Stored(null, null);
    }
    var node = JSON.readTree(file.toFile());
    return new Stored(node.path("api").isTextual() ? node.get("api").asText() : null,
        node.path("token").isTextual() ? node.get("token").asText() : null);
  }

  /** Writes the file readable by its owner only, replacing it whole so a crash leaves the old one. */
  static void store(Path file, URI api, String token) throws IOException {
    Files.createDirectories(file.getParent());
    ObjectNode node = JSON.createObjectNode().put("api", api.toString()).put("token", token);
    Path temp = Files.createTempFile(file.getParent(), "credentials", ".tmp",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.write(temp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(node));
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
