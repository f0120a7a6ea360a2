package dev.meridian.cli;

import dev.meridian.slicer.sim.SlicerSimulator;
import java.io.PrintStream;
import java.util.Map;

/**
 * {@code meridian slicer-sim --tasks N --keys M --zipf S --rounds R}: runs the real Assigner over a
 * synthetic job and prints one line per round, then {@code imbalance=X churn=Y compute_ms=Z}.
 */
final class SlicerSimCommand implements Meridian.Command {

  @Override
  public String summary() {
    return "run the Slicer's Assigner over a synthetic job (see --help)";
  }

  @Override
  public int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    return SlicerSimulator.run(args, out);
  }
}
