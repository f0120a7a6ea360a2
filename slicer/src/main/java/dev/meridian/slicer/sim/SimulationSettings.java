package dev.meridian.slicer.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * Every simulator setting, with its default and why, in one place (as Caffeine's simulator keeps
 * them in one {@code reference.conf}). Parsed from {@code --name value} arguments; an unknown
 * option or a bad value is an error that names it.
 *
 * @param tasks tasks in the job ({@code --tasks}, default 100)
 * @param keys distinct application keys ({@code --keys}, default 1,000,000)
 * @param zipf Zipf exponent of key popularity ({@code --zipf}, default 1.0: the skew of web
 *     caches and the paper's evaluation)
 * @param rounds rebalancing rounds after the initial assignment ({@code --rounds}, default 20)
 * @param seed random seed for key ranks and drift ({@code --seed}, default 42)
 * @param minReplicas fewest replicas per slice ({@code --min-replicas}, default 1)
 * @param maxReplicas most replicas per slice ({@code --max-replicas}, default 0 = as many as
 *     tasks: under Zipf 1.0 the hottest of 1M keys carries 7% of the load, which only replication
 *     can spread across more than 14 tasks)
 * @param churnBudget fraction of the keyspace a round may move ({@code --churn-budget}, default
 *     the Assigner's 0.09)
 * @param drift fraction of keys whose popularity is re-drawn between rounds ({@code --drift},
 *     default 0: a fixed load, to watch convergence; above 0 shows steady-state churn)
 */
public record SimulationSettings(
    int tasks,
    int keys,
    double zipf,
    int rounds,
    long seed,
    int minReplicas,
    int maxReplicas,
    double churnBudget,
    double drift) {

  public static final int DEFAULT_TASKS = 100;
  public static final int DEFAULT_KEYS = 1_000_000;
  public static final double DEFAULT_ZIPF = 1.0;
  public static final int DEFAULT_ROUNDS = 20;
  public static final long DEFAULT_SEED = 42;
  public static final int DEFAULT_MIN_REPLICAS = 1;
  public static final int DEFAULT_MAX_REPLICAS = 0;
  public static final double DEFAULT_CHURN_BUDGET = 0.09;
  public static final double DEFAULT_DRIFT = 0.0;

  public SimulationSettings {
    check(tasks >= 1, "--tasks", tasks, "must be at least 1");
    check(keys >= 1, "--keys", keys, "must be at least 1");
    check(zipf >= 0, "--zipf", zipf, "must be >= 0");
    check(rounds >= 0, "--rounds", rounds, "must be >= 0");
    check(minReplicas >= 1 && minReplicas <= tasks, "--min-replicas", minReplicas,
        "must be in [1, tasks]");
    check(maxReplicas == 0 || maxReplicas >= minReplicas, "--max-replicas", maxReplicas,
        "must be 0 (as many as tasks) or at least --min-replicas");
    check(churnBudget >= 0 && churnBudget <= 1, "--churn-budget", churnBudget, "must be in [0, 1]");
    check(drift >= 0 && drift <= 1, "--drift", drift, "must be in [0, 1]");
  }

  public static SimulationSettings defaults() {
    return new SimulationSettings(DEFAULT_TASKS, DEFAULT_KEYS, DEFAULT_ZIPF, DEFAULT_ROUNDS,
        DEFAULT_SEED, DEFAULT_MIN_REPLICAS, DEFAULT_MAX_REPLICAS, DEFAULT_CHURN_BUDGET,
        DEFAULT_DRIFT);
  }

  /** The replica bound in effect: {@link #maxReplicas}, or the task count when it is 0. */
  public int effectiveMaxReplicas() {
    return maxReplicas == 0 ? tasks : Math.min(maxReplicas, tasks);
  }

  /** The options, one per line, for {@code --help}. */
  public static List<String> usage() {
    return List.of(
        "--tasks N          tasks in the job (default " + DEFAULT_TASKS + ")",
        "--keys M           distinct keys (default " + DEFAULT_KEYS + ")",
        "--zipf S           Zipf exponent of key popularity (default " + DEFAULT_ZIPF + ")",
        "--rounds R         rounds after the initial assignment (default " + DEFAULT_ROUNDS + ")",
        "--seed X           random seed (default " + DEFAULT_SEED + ")",
        "--min-replicas N   fewest replicas per slice (default " + DEFAULT_MIN_REPLICAS + ")",
        "--max-replicas N   most replicas per slice, 0 = tasks (default " + DEFAULT_MAX_REPLICAS
            + ")",
        "--churn-budget F   keyspace fraction a round may move (default " + DEFAULT_CHURN_BUDGET
            + ")",
        "--drift F          fraction of keys re-drawn per round (default " + DEFAULT_DRIFT + ")");
  }

  /**
   * Parses {@code --name value} pairs over the defaults.
   *
   * @throws IllegalArgumentException naming the option that is unknown, lacks a value or is bad
   */
  public static SimulationSettings parse(String[] args) {
    int tasks = DEFAULT_TASKS;
    int keys = DEFAULT_KEYS;
    double zipf = DEFAULT_ZIPF;
    int rounds = DEFAULT_ROUNDS;
    long seed = DEFAULT_SEED;
    int minReplicas = DEFAULT_MIN_REPLICAS;
    int maxReplicas = DEFAULT_MAX_REPLICAS;
    double churnBudget = DEFAULT_CHURN_BUDGET;
    double drift = DEFAULT_DRIFT;
    List<String> rest = new ArrayList<>(List.of(args));
    while (!rest.isEmpty()) {
      String name = rest.remove(0);
      if (rest.isEmpty()) {
        throw new IllegalArgumentException("option " + name + " needs a value");
      }
      String value = rest.remove(0);
      try {
        switch (name) {
          case "--tasks" -> tasks = Integer.parseInt(value);
          case "--keys" -> keys = Integer.parseInt(value);
          case "--zipf" -> zipf = Double.parseDouble(value);
          case "--rounds" -> rounds = Integer.parseInt(value);
          case "--seed" -> seed = Long.parseLong(value);
          case "--min-replicas" -> minReplicas = Integer.parseInt(value);
          case "--max-replicas" -> maxReplicas = Integer.parseInt(value);
          case "--churn-budget" -> churnBudget = Double.parseDouble(value);
          case "--drift" -> drift = Double.parseDouble(value);
          default -> throw new IllegalArgumentException("unknown option " + name);
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("option " + name + ": '" + value + "' is not a number");
      }
    }
    return new SimulationSettings(tasks, keys, zipf, rounds, seed, minReplicas, maxReplicas,
        churnBudget, drift);
  }

  private static void check(boolean ok, String option, Object value, String rule) {
    if (!ok) {
      throw new IllegalArgumentException("option " + option + " = " + value + " " + rule);
    }
  }
}
