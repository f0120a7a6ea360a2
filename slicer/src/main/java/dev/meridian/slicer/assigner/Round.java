package dev.meridian.slicer.assigner;

import dev.meridian.slicer.Assignment;

/** The result of one Assigner round: the next assignment and what the round did. */
public record Round(Assignment assignment, RoundStats stats) {}
