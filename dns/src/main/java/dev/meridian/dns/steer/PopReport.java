package dev.meridian.dns.steer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a PoP says of itself every few seconds (its health report): who it is, the addresses DNS
 * should hand out for it, where it stands and its weight (0 drains it). Each report received makes
 * the PoP healthy again in the {@link PopDirectory}; a PoP that stops reporting drops out of answers
 * once its last report is stale.
 *
 * @param addresses literal IPv4 or IPv6 addresses (never names: a report must not need DNS)
 * @param reportedAt when the PoP sent it: a report replayed long after (a control plane restarting
 *     reads the last report of every PoP) must not make a dead PoP healthy
 */
public record PopReport(String id, List<String> addresses, Location location, int weight, Instant reportedAt) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public PopReport {
    addresses = List.copyOf(addresses);
    if (weight < 0 || weight > PopDirectory.MAX_WEIGHT) {
      throw new IllegalArgumentException("weight must be 0 to " + PopDirectory.MAX_WEIGHT + ", was " + weight);
    }
    parse(id, addresses);
  }

  /** The PoP as the directory holds it. */
  public Pop toPop() {
    return new Pop(id, parse(id, addresses), location);
  }

  private static List<InetAddress> parse(String id, List<String> addresses) {
    List<InetAddress> parsed = new ArrayList<>();
    for (String address : addresses) {
      if (!address.matches("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
        throw new IllegalArgumentException("PoP '" + id + "': '" + address + "' is not a literal IP address");
      }
      try {
        parsed.add(InetAddress.getByName(address));
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("PoP '" + id + "': '" + address + "' is not an IP address", e);
      }
    }
    return parsed;
  }

  public byte[] toJson() {
    ObjectNode node = JSON.createObjectNode().put("id", id).put("region", location.region())
        .put("latitude", location.latitude()).put("longitude", location.longitude()).put("weight", weight)
        .put("reported_at", reportedAt.toEpochMilli());
    addresses.forEach(node.putArray("addresses")::add);
    return node.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Reads a report; a malformed one is an {@link IllegalArgumentException} naming what is wrong. */
  public static PopReport fromJson(byte[] json) {
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("a PoP report is not JSON: " + e.getMessage(), e);
    }
    if (node == null || !node.path("id").isTextual() || !node.path("addresses").isArray()
        || !node.path("latitude").isNumber() || !node.path("longitude").isNumber() || !node.path("weight").isInt()
        || !node.path("reported_at").isIntegralNumber()) {
      throw new IllegalArgumentException(
          "a PoP report needs id, addresses, region, latitude, longitude, weight and reported_at");
    }
    List<String> addresses = new ArrayList<>();
    node.get("addresses").forEach(address -> addresses.add(address.asText()));
    return new PopReport(node.get("id").asText(), addresses, new Location(node.path("region").asText(""),
        node.get("latitude").asDouble(), node.get("longitude").asDouble()), node.get("weight").asInt(),
        Instant.ofEpochMilli(node.get("reported_at").asLong()));
  }
}
