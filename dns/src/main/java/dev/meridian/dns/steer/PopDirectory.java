package dev.meridian.dns.steer;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The PoPs that steered names may point to, with their weight and last health report, and the
 * choice of the nearest healthy ones for a client.
 *
 * <h2>Health</h2>
 * A PoP is healthy when it has reported within {@code staleAfter} (default {@value
 * #DEFAULT_STALE_AFTER_SECONDS} s) of now, by the injected clock: a PoP that stops reporting leaves
 * the answers within that time, with nothing to call. {@link #markUnhealthy} takes it out at once. A
 * PoP that has never reported is not healthy.
 *
 * <h2>Weight</h2>
 * From 0 to {@value #MAX_WEIGHT}, default {@value #DEFAULT_WEIGHT}. 0 drains the PoP: it is never
 * answered, not even in the fallback below. Otherwise a PoP is ranked by its distance to the client
 * divided by {@code weight / DEFAULT_WEIGHT}: weight 200 makes a PoP look half as far, 50 twice as
 * far. Equal scores go to the higher weight, then to the smaller id, so that answers are stable.
 *
 * <h2>When no PoP is healthy</h2>
 * Fail open, the way Route 53 and most managed load balancers do: if no undrained PoP with an
 * address of the asked family is healthy, the nearest undrained ones are answered anyway. Every PoP
 * failing at once is far more often a fault of the health path (the control plane, the network
 * between) than of every PoP, and an answer that may work beats SERVFAIL, which surely does not. Only
 * when every PoP is drained (or none exists) is there nothing to answer: {@link #nearest} returns
 * null and the server says SERVFAIL.
 *
 * <p>Thread-safe: the state of each PoP is an immutable record swapped in a concurrent map.
 */
public final class PopDirectory {

  public static final int DEFAULT_WEIGHT = 100;
  public static final int MAX_WEIGHT = 10_000;
  public static final long DEFAULT_STALE_AFTER_SECONDS = 10;

  /** A PoP with its weight and the time of its last health report (null: never, or marked unhealthy). */
  public record Status(Pop pop, int weight, @Nullable Instant lastReport) {}

  private final Clock clock;
  private final Duration staleAfter;
  private final Map<String, Status> pops = new ConcurrentHashMap<>();

  public PopDirectory(Clock clock, Duration staleAfter) {
    if (staleAfter.isNegative() || staleAfter.isZero()) {
      throw new IllegalArgumentException("PopDirectory staleAfter must be positive, was " + staleAfter);
    }
    this.clock = clock;
    this.staleAfter = staleAfter;
  }

  public PopDirectory() {
    this(Clock.systemUTC(), Duration.ofSeconds(DEFAULT_STALE_AFTER_SECONDS));
  }

  /** Adds a PoP, or updates its addresses and location keeping its weight and health. */
  public void put(Pop pop) {
    pops.merge(pop.id(), new Status(pop, DEFAULT_WEIGHT, null), (old, fresh) -> new Status(pop, old.weight(), old.lastReport()));
  }

  public boolean remove(String id) {
    return pops.remove(id) != null;
  }

  /** Records a health report from the PoP now; it is healthy for the next {@code staleAfter}. */
  public void reportHealthy(String id) {
    Instant now = clock.instant();
    update(id, s -> new Status(s.pop(), s.weight(), now));
  }

  /** Takes the PoP out of answers until its next report. */
  public void markUnhealthy(String id) {
    update(id, s -> new Status(s.pop(), s.weight(), null));
  }

  /** Sets the weight, 0 to drain (see the class comment). */
  public void setWeight(String id, int weight) {
    if (weight < 0 || weight > MAX_WEIGHT) {
      throw new IllegalArgumentException("weight of PoP '" + id + "' must be in [0, " + MAX_WEIGHT + "], was " + weight);
    }
    update(id, s -> new Status(s.pop(), weight, s.lastReport()));
  }

  public List<Status> statuses() {
    return List.copyOf(pops.values());
  }

  public boolean isHealthy(String id) {
    Status status = pops.get(id);
    return status != null && healthy(status, clock.instant());
  }

  /**
   * Up to {@code count} PoPs for a client at {@code client} (null when unknown: then by weight alone)
   * that have an address of the family ({@code 4} or {@code 16} bytes), best first; empty when no
   * undrained PoP has such an address; null when no PoP is undrained at all.
   */
  public @Nullable List<Pop> nearest(@Nullable Location client, int addressLength, int count) {
    Instant now = clock.instant();
    List<Status> candidates = new ArrayList<>();
    List<Status> healthy = new ArrayList<>();
    boolean anyUndrained = false;
    for (Status status : pops.values()) {
      if (status.weight() == 0) {
        continue;
      }
      anyUndrained = true;
      if (status.pop().hasFamily(addressLength)) {
        candidates.add(status);
        if (healthy(status, now)) {
          healthy.add(status);
        }
      }
    }
    if (!anyUndrained) {
      return null;
    }
    List<Status> ranked = healthy.isEmpty() ? candidates : healthy;
    ranked.sort(Comparator.<Status>comparingDouble(s -> score(s, client))
        .thenComparing(Comparator.comparingInt(Status::weight).reversed())
        .thenComparing(s -> s.pop().id()));
    List<Pop> chosen = new ArrayList<>(Math.min(count, ranked.size()));
    for (int i = 0; i < ranked.size() && i < count; i++) {
      chosen.add(ranked.get(i).pop());
    }
    return chosen;
  }

  /** The addresses of {@link #nearest}, of the one family, in that order. */
  public @Nullable List<InetAddress> nearestAddresses(@Nullable Location client, int addressLength, int count) {
    List<Pop> chosen = nearest(client, addressLength, count);
    if (chosen == null) {
      return null;
    }
    List<InetAddress> addresses = new ArrayList<>();
    for (Pop pop : chosen) {
      for (InetAddress address : pop.addresses()) {
        if (address.getAddress().length == addressLength) {
          addresses.add(address);
        }
      }
    }
    return addresses;
  }

  private boolean healthy(Status status, Instant now) {
    Instant last = status.lastReport();
    return last != null && !now.isAfter(last.plus(staleAfter));
  }

  private static double score(Status status, @Nullable Location client) {
    double distance = client == null ? 1 : client.distanceKm(status.pop().location());
    return distance * DEFAULT_WEIGHT / status.weight();
  }

  private void update(String id, java.util.function.UnaryOperator<Status> change) {
    if (pops.computeIfPresent(id, (k, s) -> change.apply(s)) == null) {
      throw new IllegalArgumentException("no PoP '" + id + "' in the directory; add it with put(Pop) first");
    }
  }
}
