package dev.meridian.slicer.sim;

import dev.meridian.slicer.Assignment;
import dev.meridian.slicer.SliceAssignment;
import dev.meridian.slicer.SliceKeys;
import dev.meridian.slicer.assigner.Assigner;
import dev.meridian.slicer.assigner.AssignerConfig;
import dev.meridian.slicer.assigner.LoadMap;
import dev.meridian.slicer.assigner.Round;
import dev.meridian.slicer.assigner.RoundStats;
import dev.meridian.slicer.assigner.TaskInfo;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Runs the real Assigner over a synthetic job and prints one line per round, then a summary line
 * {@code imbalance=X churn=Y compute_ms=Z} for the last round. Started as {@code meridian
 * slicer-sim --tasks N --keys M --zipf S --rounds R} or on its own through {@link #main}.
 *
 * <p>{@code compute_ms} is the wall-clock time of the Assigner's round; {@code cpu_ms} is the
 * CPU time of the thread that ran it, which a busy machine does not inflate (garbage collection
 * threads are not counted in it).
 *
 * <p>Each round line compares the hottest task with the mean ({@code max/mean}) and with a
 * clairvoyant bound ({@code bound/mean}): no assignment can do better than the larger of the mean
 * and the hottest key's load spread over the most replicas allowed.
 */
public final class SlicerSimulator {

  private SlicerSimulator() {}

  public static void main(String[] args) {
    int code = run(args, System.out);
    if (code != 0) {
      System.exit(code);
    }
  }

  /**
   * Runs a simulation.
   *
   * @return 0 on success, 2 when the arguments are bad (the error and the usage go to {@code out})
   */
  public static int run(String[] args, PrintStream out) {
    if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
      out.println("usage: slicer-sim [options]\n  "
          + String.join("\n  ", SimulationSettings.usage()));
      return 0;
    }
    SimulationSettings settings;
    try {
      settings = SimulationSettings.parse(args);
    } catch (IllegalArgumentException e) {
      out.println("slicer-sim: " + e.getMessage());
      out.println("usage: slicer-sim [options]\n  "
          + String.join("\n  ", SimulationSettings.usage()));
      return 2;
    }
    simulate(settings, out);
    return 0;
  }

  /** Runs the simulation and returns the last round's statistics. */
  static RoundStats simulate(SimulationSettings s, PrintStream out) {
    SplittableRandom random = new SplittableRandom(s.seed());
    long[] sliceKeys = new long[s.keys()];
    for (int i = 0; i < sliceKeys.length; i++) {
      sliceKeys[i] = SliceKeys.of("key-" + i);
    }
    double[] weights = zipfWeights(s.keys(), s.zipf(), random);
    List<TaskInfo> tasks = new ArrayList<>(s.tasks());
    for (int i = 0; i < s.tasks(); i++) {
      tasks.add(TaskInfo.of(String.format(Locale.ROOT, "task-%05d", i)));
    }
    AssignerConfig config = AssignerConfig.builder()
        .replicas(s.minReplicas(), s.effectiveMaxReplicas())
        .churnBudget(s.churnBudget(),
            Math.min(AssignerConfig.DEFAULT_MERGE_CHURN_BUDGET, s.churnBudget()))
        .build();
    Assigner assigner = new Assigner(config);
    out.printf(Locale.ROOT, "# tasks=%d keys=%d zipf=%.2f rounds=%d replicas=[%d,%d]"
            + " churn_budget=%.3f drift=%.3f seed=%d%n", s.tasks(), s.keys(), s.zipf(), s.rounds(),
        s.minReplicas(), s.effectiveMaxReplicas(), s.churnBudget(), s.drift(), s.seed());
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Assignment current = null;
    RoundStats last = null;
    for (int round = 0; round <= s.rounds(); round++) {
      if (round > 0 && s.drift() > 0) {
        drift(weights, s.drift(), random);
      }
      KeyLoads loads = new KeyLoads(sliceKeys, weights);
      long cpuBefore = threads.getCurrentThreadCpuTime();
      // Round 0 is the job's first assignment, made before any load was reported; the rounds
      // after it see the load, so the lines show how fast the Assigner corrects a blind start.
      Round next = assigner.next(current, tasks, round == 0 ? LoadMap.NONE : loads);
      double cpuMs = (threads.getCurrentThreadCpuTime() - cpuBefore) / 1e6;
      current = next.assignment();
      last = next.stats();
      double imbalance = imbalance(current, loads, s.tasks());
      double mean = loads.total() / s.tasks();
      double bound = Math.max(1.0, max(weights) / s.effectiveMaxReplicas() / mean);
      out.printf(Locale.ROOT, "round=%d max/mean=%.3f bound/mean=%.3f churn=%.4f"
              + " forced_churn=%.4f slices=%d moves=%d replications=%d dereplications=%d"
              + " merges=%d splits=%d compute_ms=%.1f cpu_ms=%.1f%n",
          round, imbalance, bound, last.churn(), last.mandatoryChurn(), last.slices(),
          last.moves(), last.replications(), last.dereplications(), last.merges(), last.splits(),
          last.computeNanos() / 1e6, cpuMs);
    }
    if (last == null || current == null) {
      throw new IllegalStateException("no round ran");
    }
    out.printf(Locale.ROOT, "imbalance=%.3f churn=%.4f compute_ms=%.1f%n",
        imbalance(current, new KeyLoads(sliceKeys, weights), s.tasks()), last.churn(),
        last.computeNanos() / 1e6);
    return last;
  }

  /**
   * The hottest task over the mean under the true load, measured here rather than taken from the
   * Assigner's own statistics; a slice's load is shared evenly by its replicas.
   */
  static double imbalance(Assignment assignment, KeyLoads loads, int tasks) {
    java.util.Map<String, Double> perTask = new java.util.HashMap<>();
    for (SliceAssignment e : assignment.entries()) {
      double share = loads.loadIn(e.slice().start(), e.slice().end()) / e.tasks().size();
      for (String t : e.tasks()) {
        perTask.merge(t, share, Double::sum);
      }
    }
    double max = 0;
    for (double v : perTask.values()) {
      max = Math.max(max, v);
    }
    double mean = loads.total() / tasks;
    return mean > 0 ? max / mean : 1.0;
  }

  /** Zipf weights 1/rank^s over a random permutation of ranks, normalised to sum 1. */
  static double[] zipfWeights(int keys, double exponent, SplittableRandom random) {
    double[] weights = new double[keys];
    double sum = 0;
    for (int i = 0; i < keys; i++) {
      weights[i] = 1.0 / Math.pow(i + 1, exponent);
      sum += weights[i];
    }
    for (int i = keys - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      double t = weights[i];
      weights[i] = weights[j];
      weights[j] = t;
    }
    for (int i = 0; i < keys; i++) {
      weights[i] /= sum;
    }
    return weights;
  }

  private static void drift(double[] weights, double fraction, SplittableRandom random) {
    long swaps = Math.round(weights.length * fraction / 2);
    for (long n = 0; n < swaps; n++) {
      int a = random.nextInt(weights.length);
      int b = random.nextInt(weights.length);
      double t = weights[a];
      weights[a] = weights[b];
      weights[b] = t;
    }
  }

  private static double max(double[] values) {
    double m = 0;
    for (double v : values) {
      m = Math.max(m, v);
    }
    return m;
  }
}
