package dev.meridian.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The pointer moves of versions, rollout and rollback: versions are immutable, a deployment names
 * which of them serve and with what share of the requests.
 */
final class Deployments {

  private final ApiClient api;
  private final String worker;

  Deployments(ApiClient api, String worker) {
    this.api = api;
    this.worker = worker;
  }

  /** The worker's versions, oldest first, as the control plane lists them. */
  List<JsonNode> versions() throws IOException, InterruptedException, ApiClient.ApiException {
    List<JsonNode> versions = new ArrayList<>();
    api.get(path() + "/versions").path("versions").forEach(versions::add);
    versions.sort((a, b) -> Long.compare(a.path("number").asLong(), b.path("number").asLong()));
    return versions;
  }

  /** The worker's deployments, newest first (the first is the one serving). */
  List<JsonNode> history() throws IOException, InterruptedException, ApiClient.ApiException {
    List<JsonNode> deployments = new ArrayList<>();
    api.get(path() + "/deployments").path("deployments").forEach(deployments::add);
    return deployments;
  }

  /** Version id → percent of the requests it serves now (empty before the first deploy). */
  Map<String, Integer> current() throws IOException, InterruptedException, ApiClient.ApiException {
    Map<String, Integer> shares = new LinkedHashMap<>();
    try {
      api.get(path() + "/deployment").path("releases")
          .forEach(release -> shares.put(release.path("version").asText(), release.path("percent").asInt()));
    } catch (ApiClient.ApiException e) {
      if (e.status != 404) {
        throw e;
      }
    }
    return shares;
  }

  /** A version given as its number ({@code 3}) or its id. */
  JsonNode find(String reference) throws IOException, InterruptedException, ApiClient.ApiException,
      Meridian.UsageException {
    for (JsonNode version : versions()) {
      if (version.path("id").asText().equals(reference) || version.path("number").asText().equals(reference)) {
        return version;
      }
    }
    throw new Meridian.UsageException("worker '" + worker + "' has no version '" + reference
        + "' (see `meridian versions --name " + worker + "`)");
  }

  /** Makes the deployment serve these versions with these shares (ids → percent, summing to 100). */
  JsonNode deploy(Map<String, Integer> shares) throws IOException, InterruptedException, ApiClient.ApiException {
    return deploy(shares, null);
  }

  /**
   * The same, pinning the deployment (PoPs fetch its bundles as soon as it changes, not on the first
   * request) or not; {@code pinned} null keeps what the deployment has.
   */
  JsonNode deploy(Map<String, Integer> shares, @Nullable Boolean pinned)
      throws IOException, InterruptedException, ApiClient.ApiException {
    boolean pin = pinned != null ? pinned : pinnedNow();
    List<Map<String, Object>> releases = new ArrayList<>();
    shares.forEach((version, percent) -> releases.add(Map.of("version", version, "percent", percent)));
    return api.put(path() + "/deployment", Map.of("releases", releases, "pinned", pin));
  }

  private boolean pinnedNow() throws IOException, InterruptedException, ApiClient.ApiException {
    try {
      return api.get(path() + "/deployment").path("pinned").asBoolean(false);
    } catch (ApiClient.ApiException e) {
      if (e.status != 404) {
        throw e;
      }
      return false;
    }
  }

  /** The version serving the most requests now, or null before the first deploy. */
  static String main(Map<String, Integer> shares) {
    return shares.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
  }

  static String describe(JsonNode deployment) {
    List<String> parts = new ArrayList<>();
    deployment.path("releases").forEach(release -> parts.add((release.has("number")
        ? "version " + release.path("number").asInt() + " (" + release.path("version").asText() + ")"
        : release.path("version").asText()) + " " + release.path("percent").asInt() + "%"));
    return String.join(", ", parts);
  }

  /** A deployment's releases as version id → percent. */
  static Map<String, Integer> shares(JsonNode deployment) {
    Map<String, Integer> shares = new LinkedHashMap<>();
    deployment.path("releases").forEach(r -> shares.put(r.path("version").asText(), r.path("percent").asInt()));
    return shares;
  }

  private String path() {
    return "/v1/workers/" + ApiClient.encode(worker);
  }
}
