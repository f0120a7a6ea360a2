/**
 * The Slicer simulator: runs the real {@link dev.meridian.slicer.assigner.Assigner} over a
 * synthetic job (Zipf-distributed key popularity, optionally drifting) and prints, per round, the
 * hottest task against the mean and against a clairvoyant bound, the churn and the compute time.
 * All settings and their defaults are in {@link dev.meridian.slicer.sim.SimulationSettings}; the
 * entry point is {@link dev.meridian.slicer.sim.SlicerSimulator#run}.
 */
@NullMarked
package dev.meridian.slicer.sim;

import org.jspecify.annotations.NullMarked;
