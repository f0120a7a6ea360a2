package dev.meridian.bundles.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.bundles.RoutePattern;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The state of one deployment as the PoPs see it: the routes it answers, the releases that serve
 * them (one, or two during a gradual rollout), its secrets sealed with the control plane's key,
 * and whether PoPs should fetch its bundles before the first request ({@code pinned}). Published
 * whole on every change, keyed by {@link #deploymentId()}, so the latest manifest is all a PoP needs.
 *
 * <p>Invariants, checked on construction: tenant and worker are {@code [A-Za-z0-9_-]{1,63}}, every
 * route parses as a {@link RoutePattern}, there is at least one release, version ids are distinct
 * and the percentages add up to 100, the revision is not negative.
 *
 * @param revision increases with every change of the deployment; a PoP ignores a manifest older than one it has
 */
public record Manifest(
    String tenant,
    String worker,
    long revision,
    List<String> routes,
    List<Release> releases,
    Map<String, String> sealedSecrets,
    boolean pinned) {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,63}");
  private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

  public Manifest {
    if (!NAME.matcher(tenant).matches()) {
      throw new IllegalArgumentException("tenant \"" + tenant + "\" must be 1 to 63 letters, digits, '_' or '-'");
    }
    if (!NAME.matcher(worker).matches()) {
      throw new IllegalArgumentException("worker \"" + worker + "\" must be 1 to 63 letters, digits, '_' or '-'");
    }
    if (revision < 0) {
      throw new IllegalArgumentException("revision " + revision + " is negative");
    }
    routes = List.copyOf(routes);
    routes.forEach(RoutePattern::parse);
    releases = List.copyOf(releases);
    if (releases.isEmpty()) {
      throw new IllegalArgumentException("deployment " + tenant + "/" + worker + " needs at least one release");
    }
    int sum = 0;
    Set<String> versions = new HashSet<>();
    for (Release r : releases) {
      sum += r.percent();
      if (!versions.add(r.version())) {
        throw new IllegalArgumentException("deployment " + tenant + "/" + worker + " lists version " + r.version() + " twice");
      }
    }
    if (sum != 100) {
      throw new IllegalArgumentException("deployment " + tenant + "/" + worker + ": release percentages add up to " + sum + ", not 100");
    }
    sealedSecrets = Collections.unmodifiableMap(new TreeMap<>(sealedSecrets));
  }

  /** {@code tenant/worker}: the key manifests are published under. */
  public String deploymentId() {
    return deploymentId(tenant, worker);
  }

  public static String deploymentId(String tenant, String worker) {
    return tenant + "/" + worker;
  }

  /**
   * The release serving traffic point {@code point} in [0, 100): releases take consecutive ranges
   * in their listed order, so a PoP that maps each request to a uniform point splits traffic by
   * the percentages.
   */
  public Release releaseAt(int point) {
    if (point < 0 || point >= 100) {
      throw new IllegalArgumentException("point " + point + " is not in [0, 100)");
    }
    int upTo = 0;
    for (Release r : releases) {
      upTo += r.percent();
      if (point < upTo) {
        return r;
      }
    }
    throw new IllegalStateException("percentages add up to 100, checked on construction");
  }

  /** UTF-8 JSON with sorted secret names. */
  public byte[] toJson() {
    ObjectNode o = JSON.createObjectNode();
    o.put("tenant", tenant);
    o.put("worker", worker);
    o.put("revision", revision);
    ArrayNode r = o.putArray("routes");
    routes.forEach(r::add);
    ArrayNode rel = o.putArray("releases");
    for (Release x : releases) {
      rel.addObject().put("version", x.version()).put("bundle", x.bundleHash()).put("percent", x.percent());
    }
    ObjectNode s = o.putObject("sealed_secrets");
    sealedSecrets.forEach(s::put);
    o.put("pinned", pinned);
    try {
      return JSON.writeValueAsBytes(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings and numbers always serializes", e);
    }
  }

  /**
   * Reads the JSON form.
   *
   * @throws ManifestException if the bytes are not JSON, a field is missing or of the wrong type,
   *     or an invariant does not hold; the message names the field
   */
  public static Manifest fromJson(byte[] json) throws ManifestException {
    JsonNode o;
    try {
      o = JSON.readTree(json);
    } catch (IOException e) {
      throw new ManifestException("manifest is not valid JSON: " + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()), e);
    }
    if (o == null || !o.isObject()) {
      throw new ManifestException("manifest must be a JSON object");
    }
    try {
      List<String> routes = new ArrayList<>();
      for (JsonNode r : array(o, "routes")) {
        routes.add(string(r, "routes[]"));
      }
      List<Release> releases = new ArrayList<>();
      for (JsonNode r : array(o, "releases")) {
        if (!r.isObject()) {
          throw new ManifestException("manifest: every release must be an object {version, bundle, percent}");
        }
        releases.add(new Release(string(r.get("version"), "releases[].version"), string(r.get("bundle"), "releases[].bundle"),
            (int) integer(r.get("percent"), "releases[].percent")));
      }
      Map<String, String> secrets = new TreeMap<>();
      JsonNode s = o.get("sealed_secrets");
      if (s != null && !s.isNull()) {
        if (!s.isObject()) {
          throw new ManifestException("manifest: \"sealed_secrets\" must be an object");
        }
        for (Map.Entry<String, JsonNode> e : s.properties()) {
          secrets.put(e.getKey(), string(e.getValue(), "sealed_secrets." + e.getKey()));
        }
      }
      JsonNode pinned = o.get("pinned");
      if (pinned != null && !pinned.isBoolean()) {
        throw new ManifestException("manifest: \"pinned\" must be true or false");
      }
      return new Manifest(string(o.get("tenant"), "tenant"), string(o.get("worker"), "worker"),
          integer(o.get("revision"), "revision"), routes, releases, secrets, pinned != null && pinned.booleanValue());
    } catch (IllegalArgumentException e) {
      throw new ManifestException("manifest: " + e.getMessage(), e);
    }
  }

  private static String string(@Nullable JsonNode n, String field) throws ManifestException {
    if (n == null || !n.isTextual()) {
      throw new ManifestException("manifest: \"" + field + "\" must be a string");
    }
    return n.asText();
  }

  private static long integer(@Nullable JsonNode n, String field) throws ManifestException {
    if (n == null || !n.isIntegralNumber() || !n.canConvertToLong()) {
      throw new ManifestException("manifest: \"" + field + "\" must be an integer");
    }
    if (field.endsWith("percent") && !n.canConvertToInt()) {
      throw new ManifestException("manifest: \"" + field + "\" is out of range");
    }
    return n.longValue();
  }

  private static Iterable<JsonNode> array(JsonNode o, String field) throws ManifestException {
    JsonNode n = o.get(field);
    if (n == null || !n.isArray()) {
      throw new ManifestException("manifest: \"" + field + "\" must be an array");
    }
    return n;
  }
}
